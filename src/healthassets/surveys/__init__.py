"""Wellbeing and community-capacity survey instruments: pure scoring (issue 14, part 1).

``model`` (what an instrument is), ``instruments`` (the bundled ones and the registry),
``custom`` (instruments from TOML), ``scoring`` (responses → scores and bands), ``summary``
(group means, band shares, disclosure control), ``change`` (between waves), ``swemwbs`` (the
conversion table, licence notice and published thresholds), ``areas`` (results per area and wave),
``disclosure`` (suppression, differencing included), ``standardise`` (direct age standardisation).
Decisions: docs/adr/0059, 0060 and 0065.
"""

from __future__ import annotations

from healthassets.surveys.areas import area_summaries
from healthassets.surveys.custom import parse_instrument
from healthassets.surveys.disclosure import protect_differences
from healthassets.surveys.instruments import REGISTRY, community_capacity, get
from healthassets.surveys.scoring import Scored, score
from healthassets.surveys.standardise import standardise_to_population
from healthassets.surveys.summary import summarise

__all__ = [
    "REGISTRY",
    "Scored",
    "area_summaries",
    "community_capacity",
    "get",
    "parse_instrument",
    "protect_differences",
    "score",
    "standardise_to_population",
    "summarise",
]
