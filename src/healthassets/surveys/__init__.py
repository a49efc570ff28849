"""Wellbeing and community-capacity survey instruments: pure scoring (issue 14, part 1).

``model`` (what an instrument is), ``instruments`` (the bundled ones and the registry),
``custom`` (instruments from TOML), ``scoring`` (responses → scores and bands), ``summary``
(group means, band shares, disclosure control), ``change`` (between waves), ``swemwbs`` (the
conversion table, licence notice and published thresholds). Decisions: docs/adr/0059 and 0060.
"""

from __future__ import annotations

from healthassets.surveys.custom import parse_instrument
from healthassets.surveys.instruments import REGISTRY, community_capacity, get
from healthassets.surveys.scoring import Scored, score
from healthassets.surveys.summary import summarise

__all__ = ["REGISTRY", "Scored", "community_capacity", "get", "parse_instrument", "score", "summarise"]
