"""Profile definitions shipped as JSON (editable; every file in ``indicators/profiles/`` is installed
by ``healthassets load``), and the slugs of retired profiles with their successors.

A profile file::

    {
      "slug": "health-assets",
      "name": "Health assets",
      "description": "…",
      "domains": [
        {
          "key": "individual",
          "name": "Individual assets",
          "description": "…",
          "indicators": [93015, {"id": 9200001, "placement": "why it sits in this dimension"}]
        }
      ]
    }

``slug`` and ``key`` are lower-case words joined by hyphens; ``key`` is unique within a profile (it
names the domain in URLs and anchors). An indicator is an id, or an object with ``id`` and an
optional ``placement`` (the reason it sits in this domain, shown beside it on the profile). Reading a
file validates all of it first and fails with :class:`~healthassets.errors.InputError` naming the
file, the place in it (``domains[1].indicators[3]``) and the reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from healthassets.errors import InputError

#: retired profile slug → its successor: old links (``?profile=…``, ``/api/v1/profiles/…``) redirect
RETIRED_PROFILES: dict[str, str] = {"health-assets-demo": "health-assets"}
#: the profile an area page opens with when none is asked for (if installed)
DEFAULT_PROFILE = "health-assets"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ProfileIndicator:
    id: int
    #: why the indicator sits in its domain ('' when the file gives no reason)
    placement: str = ""


@dataclass(frozen=True)
class DomainDefinition:
    key: str
    name: str
    description: str
    entries: tuple[ProfileIndicator, ...]

    @property
    def indicators(self) -> tuple[int, ...]:
        """The domain's indicator ids, in order."""
        return tuple(entry.id for entry in self.entries)


@dataclass(frozen=True)
class ProfileDefinition:
    slug: str
    name: str
    description: str
    domains: tuple[DomainDefinition, ...]


def successor(slug: str | None) -> str | None:
    """The slug that replaced a retired profile's ``slug`` (None when it is not retired)."""
    return RETIRED_PROFILES.get(slug or "")


def bundled_profiles() -> list[ProfileDefinition]:
    """Every profile JSON in ``healthassets/indicators/profiles/``, by file name; two files with one
    slug are an error."""
    folder = resources.files("healthassets.indicators").joinpath("profiles")
    files = sorted((e for e in folder.iterdir() if e.name.endswith(".json")), key=lambda e: e.name)
    return read_profiles([(e.name, e.read_text(encoding="utf-8")) for e in files])


def read_profiles(files: list[tuple[str, str]]) -> list[ProfileDefinition]:
    """Parse every (file name, text) pair (see :func:`parse_profile`); a slug given by two files is
    an error."""
    profiles: list[ProfileDefinition] = []
    seen: dict[str, str] = {}
    for name, text in files:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(f"not valid JSON: {error.msg} (line {error.lineno})", file=name) from None
        profile = parse_profile(raw, name)
        if profile.slug in seen:
            raise InputError(f"slug {profile.slug!r} is also the slug of {seen[profile.slug]}", file=name)
        seen[profile.slug] = name
        profiles.append(profile)
    return profiles


def parse_profile(raw: Any, source: str) -> ProfileDefinition:
    """One profile from its parsed JSON; ``source`` names the file in errors."""
    if not isinstance(raw, Mapping):
        raise InputError("a profile file holds one JSON object", file=source)
    slug = _text(raw, "slug", source, "slug")
    if not SLUG.match(slug) or successor(slug):
        reason = "is retired" if successor(slug) else "must be lower-case words joined by hyphens"
        raise InputError(f"slug {slug!r} {reason}", file=source, column="slug")
    domains = raw.get("domains")
    if not isinstance(domains, list) or not domains:
        raise InputError("'domains' must be a list of at least one domain", file=source, column="domains")
    parsed = tuple(_domain(d, source, f"domains[{n}]") for n, d in enumerate(domains))
    keys = [d.key for d in parsed]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise InputError(f"domain key {repeated[0]!r} is used twice", file=source, column="domains")
    return ProfileDefinition(
        slug, _text(raw, "name", source, "name"), _optional(raw, "description", source), parsed
    )


def _domain(raw: Any, source: str, where: str) -> DomainDefinition:
    if not isinstance(raw, Mapping):
        raise InputError("a domain is a JSON object", file=source, column=where)
    key = _text(raw, "key", source, f"{where}.key")
    if not SLUG.match(key):
        raise InputError(
            f"key {key!r} must be lower-case words joined by hyphens", file=source, column=f"{where}.key"
        )
    indicators = raw.get("indicators")
    if not isinstance(indicators, list):
        raise InputError("'indicators' must be a list", file=source, column=f"{where}.indicators")
    entries = tuple(_entry(item, source, f"{where}.indicators[{n}]") for n, item in enumerate(indicators))
    ids = [e.id for e in entries]
    twice = next((i for i in ids if ids.count(i) > 1), None)
    if twice is not None:
        raise InputError(f"indicator {twice} is listed twice", file=source, column=f"{where}.indicators")
    name = _text(raw, "name", source, f"{where}.name")
    return DomainDefinition(key, name, _optional(raw, "description", source, where), entries)


def _entry(raw: Any, source: str, where: str) -> ProfileIndicator:
    """An indicator id, or ``{"id": …, "placement": "…"}``."""
    if isinstance(raw, Mapping):
        unknown = sorted(set(raw) - {"id", "placement"})
        if unknown:
            raise InputError(f"unknown field {unknown[0]!r} (use id, placement)", file=source, column=where)
        return ProfileIndicator(
            _id(raw.get("id"), source, f"{where}.id"), _optional(raw, "placement", source, where)
        )
    return ProfileIndicator(_id(raw, source, where))


def _id(raw: Any, source: str, where: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw <= 0:
        raise InputError(
            f"an indicator id is a positive whole number, not {raw!r}", file=source, column=where
        )
    return raw


def _text(raw: Mapping[str, Any], field: str, source: str, where: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"'{field}' must be non-empty text", file=source, column=where)
    return value.strip()


def _optional(raw: Mapping[str, Any], field: str, source: str, where: str = "") -> str:
    value = raw.get(field, "")
    if not isinstance(value, str):
        raise InputError(f"'{field}' must be text", file=source, column=f"{where}.{field}".lstrip("."))
    return value.strip()
