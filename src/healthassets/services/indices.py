"""Use case: the composite indices fed from the store — the bundled presets with a ``[store]``
section (community assets, PHW's three dimensions, WARM's self / support / structure, the IMD
2025 from its domain scores) — built for one level and one country, with weights a user may change,
rank intervals and the Sobol' sensitivity computed when data are loaded (docs/adr/0063).

Input: each indicator's latest headline value per area of the level in the country
(:func:`healthassets.services.inequality.latest_headline_values`), every active area of the level
a row (an area without a value is left unscored, never zero); with ``values = "rank"`` each column
is first ranked, 1 = highest value. Each country's areas are normalised and ranked among
themselves, so a Welsh authority is compared with Wales.

Changed weights (a page's ``w.<column>=…``, ``d.<domain>=…``) replace the spec's weights —
the others keep their nominal value — and the ranks and intervals are recomputed; the stored
sensitivity belongs to the published weights and is shown as such.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from healthassets import indices
from healthassets.errors import InputError, NotFoundError
from healthassets.geography.areas import expand_type
from healthassets.indices.ranks import rank_descending
from healthassets.indices.spec import IndexSpec
from healthassets.services.derived import ensure_derived
from healthassets.services.inequality import headline_rows
from healthassets.store import Engine
from healthassets.store import areas as area_queries
from healthassets.store import index_sensitivity as sensitivity_store
from healthassets.store import indicators as indicator_store
from healthassets.store.areas import AreaInfo
from healthassets.store.derived import latest_values_of_types

COUNTRY_CODES = {"E": "E92000001", "W": "W92000004"}
#: rank-interval draws on the page when the spec names none
PAGE_DRAWS = 200
#: Sobol' base samples per computation (SALib's minimum power of 2 we accept)
SOBOL_BASE_SAMPLES = 1024


def store_presets() -> list[IndexSpec]:
    """The bundled presets fed from the store, in slug order."""
    specs = [indices.preset(name) for name in indices.preset_names()]
    return [spec for spec in specs if spec.store is not None]


def store_spec(slug: str) -> IndexSpec:
    """The preset ``slug`` if it is fed from the store; NotFoundError otherwise."""
    for spec in store_presets():
        if spec.slug == slug:
            return spec
    raise NotFoundError(f"no index called {slug!r}")


def _store(spec: IndexSpec) -> indices.spec.StoreSource:
    assert spec.store is not None, "services.indices handles [store] specs only"
    return spec.store


def choose(spec: IndexSpec, level: str | None, country: str | None) -> tuple[str, str]:
    """The level and country asked for, or the spec's first; InputError naming a bad one."""
    source = _store(spec)
    level = level or source.levels[0]
    country = (country or source.countries[0]).upper()
    if level not in source.levels:
        raise InputError(f"{level!r}: this index exists for {', '.join(source.levels)}", column="level")
    if country not in source.countries:
        raise InputError(
            f"{country!r}: this index exists for {', '.join(source.countries)}", column="country"
        )
    return level, country


def index_input(engine: Engine, spec: IndexSpec, level: str, country: str) -> pd.DataFrame:
    """One row per active area of ``level`` in ``country`` (index: area code, ``area_name``
    column first), one float column per indicator of ``spec`` (NaN: no value)."""
    ensure_derived(engine)
    prefix = country.upper()
    areas = area_queries.area_frame_of_type(engine, level, prefix)
    frame = pd.DataFrame(
        {
            "area_name": areas["name"].to_numpy(),
            "area_name_cy": areas["name_cy"].fillna(areas["name"]).to_numpy(),
        },
        index=pd.Index(areas["code"].to_numpy(), name="area_code"),
    )
    ids = [int(i.indicator_id) for i in spec.indicators if i.indicator_id is not None]
    found = latest_values_of_types(engine, ids, expand_type(level))
    values = headline_rows(found[found["area_code"].str.startswith(prefix)])
    wide = (
        values.pivot_table(index="area_code", columns="indicator_id", values="value", aggfunc="first")
        if not values.empty
        else pd.DataFrame()
    )
    for indicator in spec.indicators:
        column = wide[indicator.indicator_id] if indicator.indicator_id in wide.columns else None
        series = column.reindex(frame.index) if column is not None else pd.Series(np.nan, index=frame.index)
        values_now = series.to_numpy(dtype=float)
        if _store(spec).values == "rank":
            values_now = rank_descending(values_now)
        frame[indicator.column] = values_now
    return frame


def parse_weights(params: Mapping[str, str], spec: IndexSpec) -> tuple[dict[str, float], dict[str, float]]:
    """The ``w.<column>`` and ``d.<domain>`` weights of a query string; InputError naming the first
    that is not a known column or domain, not a number, negative, or when all are zero."""
    columns = set(spec.columns)
    domains = {d.name for d in spec.domains}
    weights: dict[str, float] = {}
    domain_weights: dict[str, float] = {}
    for key, text in params.items():
        kind, _, name = key.partition(".")
        if kind not in ("w", "d") or not name or text == "":
            continue
        known = columns if kind == "w" else domains
        if name not in known:
            raise InputError(
                f"{name!r} is not a {'component' if kind == 'w' else 'domain'} of this index", column=key
            )
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise InputError(f"{text!r} is not a number", column=key) from None
        if not math.isfinite(value) or value < 0:
            raise InputError(f"{text!r}: a weight must be a number of 0 or more", column=key)
        (weights if kind == "w" else domain_weights)[name] = value
    return weights, domain_weights


def with_weights(
    spec: IndexSpec, nominal: pd.Series, weights: Mapping[str, float], domain_weights: Mapping[str, float]
) -> IndexSpec:
    """``spec`` with the given indicator and domain weights (the others at their ``nominal``
    weight); InputError when every weight of the index, or of a domain, would be zero."""
    if not weights and not domain_weights:
        return spec
    chosen = {c: float(weights.get(c, nominal[c])) for c in spec.columns}
    for domain in spec.domains or [None]:
        members = [i.column for i in spec.indicators if domain is None or i.domain == domain.name]
        if all(chosen[c] == 0 for c in members):
            where = f"domain {domain.name!r}" if domain else "the index"
            raise InputError(f"every weight of {where} is 0: at least one must be above 0", column="weights")
    new_domains = tuple(replace(d, weight=float(domain_weights.get(d.name, d.weight))) for d in spec.domains)
    if new_domains and all(d.weight == 0 for d in new_domains):
        raise InputError("every domain weight is 0: at least one must be above 0", column="weights")
    return replace(
        spec,
        weights="given",
        indicators=tuple(replace(i, weight=chosen[i.column]) for i in spec.indicators),
        domains=new_domains,
    )


def authorities_of(engine: Engine, country: str) -> list[AreaInfo]:
    """The local authorities (districts and unitaries) of ``country`` ('E', 'W'), by name."""
    return [a for a in area_queries.areas_of_type(engine, "ltla") if a.code.startswith(country.upper())]


def areas_within(engine: Engine, code: str, level: str, country: str) -> tuple[AreaInfo, set[str]]:
    """The authority ``code`` of ``country`` and the codes of its areas of ``level``; InputError
    naming the parameter for an unknown code or another country's authority."""
    known = {a.code: a for a in authorities_of(engine, country)}
    area = known.get(code.strip().upper())
    if area is None:
        where = {"E": "England", "W": "Wales"}[country.upper()]
        raise InputError(f"{code!r} is not a local authority of {where}", column="parent")
    return area, {a.code for a in area_queries.descendants(engine, area.code, level)}


@dataclass(frozen=True)
class IndexView:
    spec: IndexSpec
    level: str
    country: str
    #: the weights in use (column → weight) and whether they differ from the spec's
    weights: pd.Series
    domain_weights: dict[str, float]
    changed: bool
    #: one row per area: area_code, area_name, area_name_cy, the indicators, the domain scores,
    #: score, rank, decile, rank_median, rank_lower, rank_upper
    table: pd.DataFrame
    #: one row per indicator: column, indicator_id, name, direction, domain, areas (with a value)
    components: pd.DataFrame
    draws: int
    #: the stored Sobol' indices of the published weights (factor, S1, S1_conf, ST, ST_conf), or None
    sensitivity: pd.DataFrame | None
    sensitivity_runs: int

    @property
    def scored(self) -> int:
        return int(self.table["score"].notna().sum())


def _components(engine: Engine, spec: IndexSpec, frame: pd.DataFrame) -> pd.DataFrame:
    meta = indicator_store.indicator_metadata(engine)
    names = meta["name"] if "name" in meta.columns else pd.Series(dtype=object)
    return pd.DataFrame(
        {
            "column": spec.columns,
            "indicator_id": [i.indicator_id for i in spec.indicators],
            "name": [str(names.get(i.indicator_id, i.column)) for i in spec.indicators],
            "direction": [i.direction for i in spec.indicators],
            "domain": [i.domain or "" for i in spec.indicators],
            "areas": [int(frame[c].notna().sum()) for c in spec.columns],
        }
    )


def build_index(
    engine: Engine,
    slug: str,
    *,
    level: str | None = None,
    country: str | None = None,
    weights: Mapping[str, float] | None = None,
    domain_weights: Mapping[str, float] | None = None,
    draws: int | None = None,
) -> IndexView:
    """Index ``slug`` for one level and country, with the weights given (else the spec's)."""
    spec = store_spec(slug)
    level, country = choose(spec, level, country)
    frame = index_input(engine, spec, level, country)
    chosen = spec
    if weights or domain_weights:  # the others keep the weights the spec's method gives them
        nominal = indices.build(frame[spec.columns], spec, ids=frame.index.to_series(), draws=0)
        chosen = with_weights(spec, nominal.weights, weights or {}, domain_weights or {})
    count = draws if draws is not None else (spec.uncertainty.draws or PAGE_DRAWS)
    result = indices.build(frame[spec.columns], chosen, ids=frame.index.to_series(), draws=count)
    table = frame.reset_index()
    for name in result.domains.columns if spec.domains else []:
        table[f"domain {name}"] = result.domains[name].to_numpy()
    table = pd.concat([table, result.table().drop(columns="id")], axis=1)
    stored = sensitivity_store.read_sensitivity(engine, spec.slug, spec.version, level, country)
    return IndexView(
        spec=chosen,
        level=level,
        country=country,
        weights=result.weights,
        domain_weights={d.name: d.weight for d in chosen.domains},
        changed=chosen is not spec,
        table=table,
        components=_components(engine, spec, frame),
        draws=count,
        sensitivity=stored[0] if stored else None,
        sensitivity_runs=stored[1] if stored else 0,
    )


def _uncertain(spec: IndexSpec) -> bool:
    """Whether the spec gives anything to vary: a weight uncertainty or alternative methods."""
    given = spec.uncertainty
    alternatives = (given.normalise, given.aggregate, given.impute)
    return given.weight_uncertainty > 0 or any(len(options) > 1 for options in alternatives)


def input_fingerprint(frame: pd.DataFrame) -> str:
    """A hash of an index's input (areas, columns and values): unchanged input, unchanged indices."""
    rows = pd.util.hash_pandas_object(frame, index=True).to_numpy()
    names = pd.util.hash_pandas_object(pd.Series(list(frame.columns)), index=False).to_numpy()
    return f"{len(frame)}:{int(rows.sum(dtype=np.uint64))}:{int(names.sum(dtype=np.uint64))}"


def compute_sensitivity(engine: Engine, slugs: list[str] | None = None) -> int:
    """The Sobol' indices of every store-fed preset (or ``slugs``) at each of its levels and
    countries, stored with the fingerprint of the input they were computed on (a reload of the
    same data computes nothing again); the number of index levels stored."""
    stored = 0
    for spec in store_presets():
        if (slugs is not None and spec.slug not in slugs) or not _uncertain(spec):
            continue
        for level in _store(spec).levels:
            for country in _store(spec).countries:
                frame = index_input(engine, spec, level, country)
                fingerprint = input_fingerprint(frame[spec.columns])
                if (
                    sensitivity_store.stored_fingerprint(engine, spec.slug, spec.version, level, country)
                    == fingerprint
                ):
                    stored += 1  # the same input as last time: the same indices
                    continue
                result = indices.build(frame[spec.columns], spec, ids=frame.index.to_series(), draws=0)
                if int(result.score.notna().sum()) < 2:
                    continue
                found = indices.sobol(
                    result.model,
                    spec.uncertainty.weight_uncertainty,
                    base_samples=SOBOL_BASE_SAMPLES,
                    seed=spec.uncertainty.seed,
                )
                sensitivity_store.write_sensitivity(
                    engine, spec.slug, spec.version, level, country, found.indices, found.runs, fingerprint
                )
                stored += 1
    return stored
