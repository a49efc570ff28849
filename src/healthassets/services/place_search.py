"""Use case: what a search box suggests for the text typed so far — postcodes of the bundled
lookup that the text is (or starts), then areas by code or name, each with the local authority a
ward, MSOA or LSOA is in (names repeat across authorities: "Werneth, Oldham"). See docs/adr/0052."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from healthassets.services.area_search import authorities_of, find_areas
from healthassets.services.postcode_page import suggest_postcodes
from healthassets.store import Engine
from healthassets.store.areas import AreaInfo

#: at most this many postcodes among the suggestions (the rest are areas)
MAX_POSTCODES = 5


@dataclass(frozen=True)
class FoundPlaces:
    postcodes: list[str]
    areas: list[AreaInfo]
    #: area code → the local authority it is in (wards, MSOAs, LSOAs)
    authorities: dict[str, AreaInfo]


def find_places(engine: Engine, data_dir: Path, text: str, limit: int = 10) -> FoundPlaces:
    """Up to ``limit`` suggestions for ``text``: postcodes first (at most :data:`MAX_POSTCODES`),
    then areas ranked as :func:`~healthassets.services.area_search.find_areas` ranks them."""
    postcodes = suggest_postcodes(data_dir, text, min(limit, MAX_POSTCODES))
    areas = find_areas(engine, text, limit=limit - len(postcodes)) if limit > len(postcodes) else []
    return FoundPlaces(postcodes, areas, authorities_of(engine, [a.code for a in areas]))
