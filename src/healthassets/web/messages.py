"""Words the pages show that come from data or code rather than templates (benchmark labels, trend
words, area types, sexes, metadata headings). Listed here so that extraction (`make messages`) puts
them in the catalogue and the translation test checks them."""

from __future__ import annotations


def N_(message: str) -> str:
    return message


DYNAMIC_MESSAGES = [
    # benchmarks (healthassets.benchmark.compare)
    N_("Better"), N_("Similar"), N_("Worse"), N_("Higher"), N_("Lower"), N_("Not compared"),
    N_("Lowest"), N_("Low"), N_("Middle"), N_("High"), N_("Highest"), N_("Best"), N_("Worst"),
    # recent trends (healthassets.benchmark.trend and Fingertips)
    N_("Increasing"), N_("Decreasing"), N_("No significant change"), N_("Cannot be calculated"),
    N_("Increasing and getting better"), N_("Increasing and getting worse"),
    N_("Decreasing and getting better"), N_("Decreasing and getting worse"),
    # sexes
    N_("Persons"), N_("Male"), N_("Female"),
    # comparators
    N_("England"), N_("Wales"), N_("North West Region"),
    # area types (healthassets.geography.areas)
    N_("Country"), N_("Region"), N_("County"), N_("Metropolitan county"), N_("Metropolitan district"),
    N_("Non-metropolitan district"), N_("Unitary authority"), N_("London borough"), N_("Combined authority"),
    N_("Lower layer super output area (LSOA)"), N_("Middle layer super output area (MSOA)"),
    N_("GP practice"), N_("Primary care network (PCN)"), N_("Sub-ICB location"),
    N_("Integrated care board (ICB)"), N_("NHS region"),
    N_("Districts and unitary authorities"), N_("Counties and unitary authorities"),
    # metadata headings (web.routes.indicator)
    N_("Definition"), N_("Rationale"), N_("Data source"), N_("Methodology"), N_("Disclosure control"),
    N_("Caveats"), N_("Copyright"), N_("Data re-use"), N_("Polarity"), N_("Benchmarking method"),
    # polarities and benchmark methods (healthassets.benchmark.polarity)
    N_("Low is good"), N_("High is good"), N_("BOB - Blue orange blue"), N_("No judgement"),
    N_("Confidence intervals overlapping reference value (95.0)"),
    N_("Confidence intervals overlapping reference value (99.8)"), N_("Quintiles"), N_("No comparison"),
    # the bundled profiles' words come from their definitions (scripts/update_messages.py reads them)
    # comparators (services/profiles.py COMPARATOR_KINDS)
    N_("parent authority"),
    # the asset register's vocabulary (healthassets.assets.vocabulary.LABELS)
    N_("Individual (a person's skills and knowledge)"), N_("Association (groups, clubs, networks)"),
    N_("Institution (public services, charities, businesses)"), N_("Physical (land, buildings, green space)"),
    N_("Economic (jobs, local trade, money)"), N_("Cultural (heritage, arts, faith, identity)"),
    N_("Personal capacity"), N_("Lifestyle and activities"), N_("Community and economy"),
    N_("Built environment"), N_("Natural environment"), N_("Climate and ecosystem"),
    N_("Connect"), N_("Be active"), N_("Take notice"), N_("Keep learning"), N_("Give"),
    N_("Draft"), N_("Submitted for review"), N_("Published"), N_("Rejected"), N_("Archived"),
    N_("Contributor"), N_("Moderator"), N_("Planner"), N_("Administrator"),
    N_("contributor"), N_("moderator"), N_("planner"), N_("admin"),
    # the national asset layers' kinds and coverage notes (assets/area_measures.py, services/asset_places.py)
    N_("GP practices"), N_("Pharmacies"), N_("Dentists"), N_("Public libraries"), N_("England and Wales"),
    N_("Greater Manchester (bundled open data)"),
    # benchmark outcome without a published comparator (benchmark/compare.py NO_COMPARATOR)
    N_("No comparator value published"),
    # the Local survey results profile (services/profiles.py, docs/adr/0066)
    N_("Local survey results"), N_("Survey results"),
    N_("Results of local surveys published by this site's team, beside the national indicators."),
    N_("Means with 95% confidence limits; areas with few responses are suppressed."),
    # place plans' vocabulary (healthassets.planning.plan) and table names (services/plan_views.py)
    N_("Transport"), N_("Water"), N_("Energy"), N_("Housing"), N_("Green infrastructure"), N_("Digital"),
    N_("Health service"), N_("Community programme"),
    N_("Proposed"), N_("Planned"), N_("In delivery"), N_("Complete"), N_("Paused"), N_("Cancelled"),
    N_("Leadership and governance"), N_("Policy and regulation"), N_("Funding and delivery"),
    N_("Data and insight"), N_("Barrier"), N_("Enabler"),
]  # fmt: skip
