"""Health-led planning and value (issue 13): pure functions, arrays in and arrays out.

``value``        SROI from an impact map: impact, present value, NPV, ratio, payback, Monte Carlo
``discounting``  discount rates (HM Treasury Green Book schedule) and discount factors
``sensitivity``  one-way sensitivity of the SROI ratio (tornado bars)
``prices``       reflation to one price year with a deflator series
``costs``        the cost–savings template (cost per head, effect, years, payback)
``plan``         a place plan of the shared asset framework: vocabulary, document checks
``alignment``    priorities, alignment gaps, dependency graph, pathways, project ranking
"""
