"""Custom Likert and choice instruments: TOML text → a validated :class:`Instrument`.

Every problem is an InputError naming the field (``field 'items[2].max': …``); unknown fields are
errors, so a misspelt option never passes silently. A minimal file::

    slug = "park-survey"
    name = "Our park"

    [[items]]
    key = "park_safe"             # the column in a responses file
    text = "I feel safe in the park"
    type = "likert"               # likert (min..max, default 1..5) | choice (options coded 1..k)
    min = 1
    max = 5

    [[items]]
    key = "park_visit"
    text = "How often do you visit?"
    type = "choice"
    options = ["never", "monthly", "weekly"]

    [[measures]]                  # optional: default, each item is its own measure
    name = "park_safe_score"
    method = "sum"                # item | sum | mean
    items = ["park_safe"]
    bands = [{ name = "low", min = 1, max = 2 }, { name = "high", min = 3, max = 5 }]
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from healthassets.errors import InputError
from healthassets.surveys.model import METHODS, Band, Instrument, Item, Measure, Scale

KEY = re.compile(r"[a-z][a-z0-9_]*")


class _Fields:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, reason: str) -> InputError:
        return InputError(f"field '{where}': {reason}", file=self.source)

    def only(self, table: Any, where: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(table, dict):
            raise self.fail(where, "must be a table")
        for name in table:
            if name not in allowed:
                raise self.fail(
                    f"{where}.{name}" if where else name,
                    f"unknown field (allowed: {', '.join(sorted(allowed))})",
                )
        for name in sorted(required - set(table)):
            raise self.fail(f"{where}.{name}" if where else name, "is required")
        return table

    def text(self, value: Any, where: str, pattern: re.Pattern[str] | None = None) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"must be non-empty text, not {value!r}")
        if pattern and not pattern.fullmatch(value):
            raise self.fail(
                where, f"{value!r} must be lower-case letters, digits and _, starting with a letter"
            )
        return value

    def whole(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"must be a whole number, not {value!r}")
        return value

    def number(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"must be a number, not {value!r}")
        return float(value)


def _item(f: _Fields, raw: Any, where: str) -> Item:
    table = f.only(raw, where, {"key", "text", "type", "min", "max", "options"}, {"key", "text"})
    key, text = f.text(table["key"], f"{where}.key", KEY), f.text(table["text"], f"{where}.text")
    kind = table.get("type", "likert")
    if kind == "choice":
        options = table.get("options")
        if not isinstance(options, list) or len(options) < 2:
            raise f.fail(f"{where}.options", "a choice item needs a list of at least two options")
        labels = tuple(f.text(o, f"{where}.options[{i}]") for i, o in enumerate(options))
        return Item(key, Scale(1, len(labels), labels), text)
    if kind != "likert":
        raise f.fail(f"{where}.type", f"must be likert or choice, not {kind!r}")
    low, high = f.whole(table.get("min", 1), f"{where}.min"), f.whole(table.get("max", 5), f"{where}.max")
    if high <= low:
        raise f.fail(f"{where}.max", f"must be above min ({low}), not {high}")
    return Item(key, Scale(low, high), text)


def _bands(f: _Fields, raw: Any, where: str) -> tuple[Band, ...]:
    if not isinstance(raw, list):
        raise f.fail(where, "must be a list of {name, min, max} tables")
    bands = []
    for i, entry in enumerate(raw):
        at = f"{where}[{i}]"
        table = f.only(entry, at, {"name", "min", "max"}, {"name", "min", "max"})
        low, high = f.number(table["min"], f"{at}.min"), f.number(table["max"], f"{at}.max")
        if high < low:
            raise f.fail(f"{at}.max", f"must not be below min ({low:g})")
        bands.append(Band(f.text(table["name"], f"{at}.name"), low, high))
    return tuple(bands)


def _measure(f: _Fields, raw: Any, where: str, keys: set[str]) -> Measure:
    table = f.only(raw, where, {"name", "method", "items", "bands"}, {"name", "items"})
    name = f.text(table["name"], f"{where}.name", KEY)
    method = table.get("method", "sum")
    if method not in METHODS:
        raise f.fail(f"{where}.method", f"must be one of {', '.join(METHODS)}, not {method!r}")
    items = table["items"]
    if not isinstance(items, list) or not items:
        raise f.fail(f"{where}.items", "must be a non-empty list of item keys")
    for i, key in enumerate(items):
        if key not in keys:
            raise f.fail(f"{where}.items[{i}]", f"{key!r} is not an item of this instrument")
    if method == "item" and len(items) != 1:
        raise f.fail(f"{where}.items", "an item measure takes exactly one item")
    return Measure(name, tuple(items), method, _bands(f, table.get("bands", []), f"{where}.bands"))


def parse_instrument(text: str, source: str = "instrument") -> Instrument:
    """The instrument the TOML ``text`` defines; InputError naming ``source`` and the field."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"not valid TOML: {error}", file=source) from None
    f = _Fields(source)
    top = f.only(raw, "", {"slug", "name", "items", "measures", "source"}, {"slug", "name", "items"})
    slug, name = f.text(top["slug"], "slug", re.compile(r"[a-z0-9][a-z0-9-]*")), f.text(top["name"], "name")
    if not isinstance(top["items"], list) or not top["items"]:
        raise f.fail("items", "must be a non-empty list of [[items]] tables")
    items = tuple(_item(f, entry, f"items[{i}]") for i, entry in enumerate(top["items"]))
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.key in seen:
            raise f.fail(f"items[{i}].key", f"{item.key!r} is given twice")
        seen.add(item.key)
    raw_measures = top.get("measures")
    if raw_measures is None:
        measures = tuple(Measure(i.key, (i.key,), "item") for i in items)
    elif not isinstance(raw_measures, list) or not raw_measures:
        raise f.fail("measures", "must be a non-empty list of [[measures]] tables")
    else:
        measures = tuple(_measure(f, entry, f"measures[{i}]", seen) for i, entry in enumerate(raw_measures))
    names = [m.name for m in measures]
    if len(set(names)) != len(names):
        raise f.fail("measures", "two measures have the same name")
    return Instrument(slug=slug, name=name, items=items, measures=measures, source=str(top.get("source", "")))
