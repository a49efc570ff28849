"""Health-led planning and value (issue 13): pure functions, arrays in and arrays out.

``value``        SROI from an impact map: impact, present value, NPV, ratio, payback, Monte Carlo
``discounting``  discount rates (HM Treasury Green Book schedule) and discount factors
"""
