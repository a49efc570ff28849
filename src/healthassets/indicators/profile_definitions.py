"""Profile definitions shipped as JSON (editable; loaded by ``healthassets load``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class DomainDefinition:
    name: str
    description: str
    indicators: tuple[int, ...]


@dataclass(frozen=True)
class ProfileDefinition:
    slug: str
    name: str
    description: str
    domains: tuple[DomainDefinition, ...]


def bundled_profiles() -> list[ProfileDefinition]:
    """Every profile JSON in ``healthassets/indicators/profiles/``."""
    folder = resources.files("healthassets.indicators").joinpath("profiles")
    profiles = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            raw = json.loads(entry.read_text(encoding="utf-8"))
            domains = tuple(
                DomainDefinition(d["name"], d.get("description", ""), tuple(_ids(d["indicators"])))
                for d in raw["domains"]
            )
            profiles.append(ProfileDefinition(raw["slug"], raw["name"], raw.get("description", ""), domains))
    return profiles


def _ids(indicators: list[Any]) -> list[int]:
    """Indicator ids of a domain: plain ids, or objects {"id": …, "placement": …}."""
    return [int(i["id"] if isinstance(i, dict) else i) for i in indicators]
