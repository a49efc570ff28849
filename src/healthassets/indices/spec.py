"""Index specifications: TOML text → a validated :class:`IndexSpec` (Python's ``tomllib``).

A spec holds everything that makes an index: its indicators (column, direction, weight, domain,
normalisation parameters), the methods of each step, the domains of a hierarchical index and the
uncertainty to explore. Every problem is an :class:`~healthassets.errors.InputError` naming the
field, e.g. ``imd.toml: field 'indicators[3].weight': must be a number, not "heavy"``; unknown
fields are errors too, so a misspelt option never passes silently. A minimal spec::

    slug = "my-index"
    name = "My index"
    version = "1"
    normalise = "minmax"          # see normalise.METHODS
    aggregate = "mean"            # mean | sum | geometric
    weights = "given"             # given | equal | factor | pca (default: given when the
                                  # indicators have weights, else equal)
    impute = "none"               # none | mean | median | group-mean (with impute_group)
    outliers = "none"             # none | coinr (Winsorise, then log: outliers.py)
    min_coverage = 1.0            # share of a domain's indicators that must be present

    [[indicators]]
    column = "income"
    direction = -1
    weight = 0.5
    domain = "economy"            # optional: makes the index hierarchical
    goalposts = [0, 100]          # target = …, reference = … for those normalisations

    [[domains]]                   # optional; default weight 1, min_coverage from the top
    name = "economy"

    [index]                       # the domains → index step
    normalise = "none"
    aggregate = "mean"
    min_coverage = 1.0

    [uncertainty]
    draws = 1000
    weight_uncertainty = 0.2      # each weight × U(1 − f, 1 + f)
    seed = 0
    normalise = ["minmax", "zscore"]   # alternatives, drawn uniformly (the nominal one too)
    aggregate = ["mean", "geometric"]
    impute = ["none", "mean"]

    [store]                       # optional: an index fed from the store (services/indices.py)
    levels = ["lsoa", "msoa"]     # lsoa | msoa | ward | ltla; each indicator then names its
    countries = ["E", "W"]        # store id (indicator = 9220000); each country ranked alone
    values = "value"              # or "rank": each column ranked first (1 = highest)
    coverage = "What the index covers, shown on its page."
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from typing import Any

from healthassets.errors import InputError
from healthassets.indices import aggregate, impute, normalise

WEIGHTINGS = ("given", "equal", "factor", "pca")
OUTLIERS = ("none", "coinr")


@dataclass(frozen=True)
class Indicator:
    column: str
    direction: int = 1
    weight: float | None = None
    domain: str | None = None
    goalposts: tuple[float, float] | None = None
    target: float | None = None
    reference: float | None = None
    #: the store's indicator holding this column, for an index fed from the store (``[store]``)
    indicator_id: int | None = None


@dataclass(frozen=True)
class Domain:
    name: str
    weight: float = 1.0
    min_coverage: float | None = None


@dataclass(frozen=True)
class Level:
    """The domains → index step of a hierarchical index."""

    normalise: str = "none"
    aggregate: str = "mean"
    min_coverage: float = 1.0


@dataclass(frozen=True)
class Uncertainty:
    draws: int = 0
    weight_uncertainty: float = 0.0
    seed: int = 0
    normalise: tuple[str, ...] = ()
    aggregate: tuple[str, ...] = ()
    impute: tuple[str, ...] = ()


#: the area levels and countries an index fed from the store may be built for
STORE_LEVELS = ("lsoa", "msoa", "ward", "ltla")
STORE_COUNTRIES = ("E", "W")
STORE_VALUES = ("value", "rank")


@dataclass(frozen=True)
class StoreSource:
    """Where an index fed from the store takes its columns: each indicator's ``indicator`` id, the
    latest value per area of one level (``levels``), the areas of one country at a time
    (``countries``: each country's areas are normalised and ranked among themselves); with
    ``values = "rank"`` each column is first ranked (1 = highest value), as the IoD domains are
    published as ranks. ``coverage`` is the sentence the index page shows about what it covers."""

    levels: tuple[str, ...]
    countries: tuple[str, ...] = ("E",)
    values: str = "value"
    coverage: str = ""


@dataclass(frozen=True)
class IndexSpec:
    slug: str
    name: str
    indicators: tuple[Indicator, ...]
    version: str = "1"
    description: str = ""
    id_column: str | None = None
    normalise: str = "minmax"
    aggregate: str = "mean"
    weights: str = "equal"
    impute: str = "none"
    impute_group: str | None = None
    outliers: str = "none"
    min_coverage: float = 1.0
    geometric_shift: float | None = None
    domains: tuple[Domain, ...] = ()
    index: Level = field(default_factory=Level)
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    store: StoreSource | None = None

    @property
    def columns(self) -> list[str]:
        return [indicator.column for indicator in self.indicators]

    @property
    def hierarchical(self) -> bool:
        return bool(self.domains)


class _Fields:
    """Reads one TOML table, naming each field by its path; leftovers are unknown fields."""

    def __init__(self, table: Any, path: str, source: str) -> None:
        self.path, self.source = path, source
        if not isinstance(table, dict):
            self.fail("", "must be a table")
        self.table = dict(table)

    def fail(self, name: str, reason: str) -> None:
        where = f"{self.path}.{name}" if self.path and name else self.path or name
        raise InputError(f"field '{where}': {reason}", file=self.source)

    def take(self, name: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        if name not in self.table:
            return default
        value = self.table.pop(name)
        numeric = kind in (float, (float,)) and isinstance(value, int) and not isinstance(value, bool)
        if numeric:
            return float(value)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            names = {str: "text", float: "a number", int: "a whole number", list: "a list", dict: "a table"}
            wanted = names.get(kind, str(kind)) if isinstance(kind, type) else "a number"
            self.fail(name, f"must be {wanted}, not {value!r}")
        return value

    def choice(self, name: str, options: tuple[str, ...], default: str) -> str:
        value = self.take(name, str, default)
        if value not in options and value != default:
            self.fail(name, f"must be one of {', '.join(options)}, not {value!r}")
        return str(value)

    def share(self, name: str, default: float | None) -> float | None:
        value = self.take(name, float, default)
        if value is not None and not 0 <= value <= 1:
            self.fail(name, f"must be between 0 and 1, not {value!r}")
        return value

    def done(self) -> None:
        if self.table:
            self.fail(next(iter(self.table)), "unknown field")


def _indicator(raw: Any, position: int, source: str) -> Indicator:
    fields = _Fields(raw, f"indicators[{position}]", source)
    column = fields.take("column", str)
    if not column:
        fields.fail("column", "is required: the input column holding this indicator")
    direction = fields.take("direction", int, 1)
    if direction not in (1, -1):
        fields.fail("direction", f"must be 1 or -1, not {direction!r}")
    weight = fields.take("weight", float)
    goalposts = fields.take("goalposts", list)
    if goalposts is not None and (
        len(goalposts) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in goalposts)
    ):
        fields.fail("goalposts", f"must be two numbers [low, high], not {goalposts!r}")
    indicator = Indicator(
        column=column,
        direction=direction,
        weight=weight,
        domain=fields.take("domain", str),
        goalposts=tuple(float(v) for v in goalposts) if goalposts else None,  # type: ignore[arg-type]
        target=fields.take("target", float),
        reference=fields.take("reference", float),
        indicator_id=fields.take("indicator", int),
    )
    fields.done()
    return indicator


def _domain(raw: Any, position: int, source: str) -> Domain:
    fields = _Fields(raw, f"domains[{position}]", source)
    name = fields.take("name", str)
    if not name:
        fields.fail("name", "is required")
    domain = Domain(name, fields.take("weight", float, 1.0), fields.share("min_coverage", None))
    fields.done()
    return domain


def _alternatives(fields: _Fields, name: str, options: tuple[str, ...]) -> tuple[str, ...]:
    values = fields.take(name, list, [])
    for position, value in enumerate(values):
        if value not in options:
            fields.fail(f"{name}[{position}]", f"must be one of {', '.join(options)}, not {value!r}")
    return tuple(dict.fromkeys(values))


def _uncertainty(raw: Any, source: str) -> Uncertainty:
    fields = _Fields(raw, "uncertainty", source)
    draws = fields.take("draws", int, 0)
    if draws < 0:
        fields.fail("draws", f"must be 0 or more, not {draws}")
    spread = fields.take("weight_uncertainty", float, 0.0)
    if not 0 <= spread < 1:
        fields.fail("weight_uncertainty", f"must be at least 0 and below 1, not {spread!r}")
    result = Uncertainty(
        draws=draws,
        weight_uncertainty=spread,
        seed=fields.take("seed", int, 0),
        normalise=_alternatives(fields, "normalise", normalise.METHODS),
        aggregate=_alternatives(fields, "aggregate", aggregate.METHODS),
        impute=_alternatives(fields, "impute", impute.METHODS),
    )
    fields.done()
    return result


def _store(raw: Any, source: str) -> StoreSource:
    fields = _Fields(raw, "store", source)

    def listed(name: str, options: tuple[str, ...], default: list[str]) -> tuple[str, ...]:
        values = fields.take(name, list, default)
        if not values:
            fields.fail(name, f"must list at least one of {', '.join(options)}")
        for position, value in enumerate(values):
            if value not in options:
                fields.fail(f"{name}[{position}]", f"must be one of {', '.join(options)}, not {value!r}")
        return tuple(dict.fromkeys(values))

    found = StoreSource(
        levels=listed("levels", STORE_LEVELS, []),
        countries=listed("countries", STORE_COUNTRIES, ["E"]),
        values=fields.choice("values", STORE_VALUES, "value"),
        coverage=fields.take("coverage", str, ""),
    )
    fields.done()
    return found


def _level(raw: Any, source: str) -> Level:
    fields = _Fields(raw, "index", source)
    level = Level(
        normalise=fields.choice("normalise", normalise.METHODS, "none"),
        aggregate=fields.choice("aggregate", aggregate.METHODS, "mean"),
        min_coverage=fields.share("min_coverage", 1.0) or 0.0,
    )
    fields.done()
    return level


def parse_spec(text: str, source: str = "spec") -> IndexSpec:
    """The :class:`IndexSpec` written in TOML ``text``; ``source`` names it in errors."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"not valid TOML: {error}", file=source) from None
    fields = _Fields(raw, "", source)
    indicators = fields.take("indicators", list, [])
    if not indicators:
        fields.fail("indicators", "at least one [[indicators]] table is needed")
    spec = IndexSpec(
        slug=fields.take("slug", str, "index"),
        name=fields.take("name", str, "Index"),
        version=str(fields.take("version", (str, int), "1")),
        description=fields.take("description", str, ""),
        id_column=fields.take("id", str),
        normalise=fields.choice("normalise", normalise.METHODS, "minmax"),
        aggregate=fields.choice("aggregate", aggregate.METHODS, "mean"),
        weights=fields.choice("weights", WEIGHTINGS, "default"),
        impute=fields.choice("impute", impute.METHODS, "none"),
        impute_group=fields.take("impute_group", str),
        outliers=fields.choice("outliers", OUTLIERS, "none"),
        min_coverage=fields.share("min_coverage", 1.0) or 0.0,
        geometric_shift=fields.take("geometric_shift", float),
        indicators=tuple(_indicator(item, i, source) for i, item in enumerate(indicators)),
        domains=tuple(_domain(item, i, source) for i, item in enumerate(fields.take("domains", list, []))),
        index=_level(fields.take("index", dict, {}), source),
        uncertainty=_uncertainty(fields.take("uncertainty", dict, {}), source),
        store=_store(stored, source) if (stored := fields.take("store", dict)) is not None else None,
    )
    fields.done()
    if spec.weights == "default":
        given = any(indicator.weight is not None for indicator in spec.indicators)
        spec = replace(spec, weights="given" if given else "equal")
    check(spec, source)
    return spec


def check(spec: IndexSpec, source: str = "spec") -> None:
    """The rules across fields: unique columns, known domains, weights, method parameters."""

    def fail(where: str, reason: str) -> None:
        raise InputError(f"field '{where}': {reason}", file=source)

    seen: set[str] = set()
    for i, indicator in enumerate(spec.indicators):
        if indicator.column in seen:
            fail(f"indicators[{i}].column", f"'{indicator.column}' is listed twice")
        seen.add(indicator.column)
    if spec.store is not None:
        for i, indicator in enumerate(spec.indicators):
            if indicator.indicator_id is None:
                fail(
                    f"indicators[{i}].indicator",
                    "is needed: a [store] index takes each column from the store",
                )
    names = [domain.name for domain in spec.domains]
    for i, indicator in enumerate(spec.indicators):
        if spec.domains and indicator.domain not in names:
            fail(f"indicators[{i}].domain", f"must name one of the [[domains]] ({', '.join(names)})")
        if not spec.domains and indicator.domain is not None:
            fail(f"indicators[{i}].domain", "names a domain, but the spec has no [[domains]]")
    for i, domain in enumerate(spec.domains):
        if names.count(domain.name) > 1:
            fail(f"domains[{i}].name", f"'{domain.name}' is listed twice")
        if not any(indicator.domain == domain.name for indicator in spec.indicators):
            fail(f"domains[{i}].name", f"no indicator belongs to domain '{domain.name}'")
    given = [indicator.weight is not None for indicator in spec.indicators]
    if spec.weights == "given" and not all(given):
        missing = spec.indicators[given.index(False)].column
        fail("weights", f"is 'given' but indicator '{missing}' has no weight")
    if spec.weights != "given" and any(given):
        fail("weights", f"is '{spec.weights}', so the indicators' own weights would be ignored")
    if spec.impute == "group-mean" and not spec.impute_group:
        fail("impute_group", "group-mean imputation needs the column of each area's parent")
    for i, indicator in enumerate(spec.indicators):
        if indicator.goalposts is not None and indicator.goalposts[0] == indicator.goalposts[1]:
            fail(f"indicators[{i}].goalposts", "must be two different numbers")
        if indicator.reference == 0:
            fail(f"indicators[{i}].reference", "a reference of 0 cannot scale a distance")
    for method in (spec.normalise, *spec.uncertainty.normalise):
        parameter = normalise.PARAMETERS.get(method)
        for i, indicator in enumerate(spec.indicators):
            if parameter and getattr(indicator, parameter) is None:
                fail(f"indicators[{i}].{parameter}", f"is needed by normalisation '{method}'")
