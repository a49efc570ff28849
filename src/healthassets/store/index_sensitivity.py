"""The stored Sobol' indices of the store-fed composite indices (docs/adr/0063)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import ColumnElement, Engine, delete, insert, select

from healthassets.store.models import IndexSensitivity

COLUMNS = ["factor", "S1", "S1_conf", "ST", "ST_conf"]


def _key(slug: str, version: str, level: str, country: str) -> list[ColumnElement[bool]]:
    table = IndexSensitivity
    return [table.slug == slug, table.version == version, table.level == level, table.country == country]


def write_sensitivity(
    engine: Engine,
    slug: str,
    version: str,
    level: str,
    country: str,
    found: pd.DataFrame,
    runs: int,
    fingerprint: str,
) -> None:
    """Replace the stored indices of one index, level and country by ``found`` (COLUMNS)."""
    rows = [
        {
            "slug": slug,
            "version": version,
            "level": level,
            "country": country,
            "factor": str(r.factor),
            "position": position,
            "s1": _number(r.S1),
            "s1_conf": _number(r.S1_conf),
            "st": _number(r.ST),
            "st_conf": _number(r.ST_conf),
            "runs": runs,
            "values_version": fingerprint,
        }
        for position, r in enumerate(found.itertuples(index=False))
    ]
    with engine.begin() as connection:
        connection.execute(delete(IndexSensitivity).where(*_key(slug, version, level, country)))
        if rows:
            connection.execute(insert(IndexSensitivity), rows)


def _number(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return None if pd.isna(number) else number


def read_sensitivity(
    engine: Engine, slug: str, version: str, level: str, country: str
) -> tuple[pd.DataFrame, int] | None:
    """(the stored indices in COLUMNS, the model runs they took), or None when never computed."""
    table = IndexSensitivity
    query = (
        select(table.factor, table.s1, table.s1_conf, table.st, table.st_conf, table.runs)
        .where(*_key(slug, version, level, country))
        .order_by(table.position)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    if not rows:
        return None
    frame = pd.DataFrame([tuple(r)[:5] for r in rows], columns=COLUMNS)
    return frame, int(rows[0][5])


def stored_fingerprint(engine: Engine, slug: str, version: str, level: str, country: str) -> str | None:
    """The input fingerprint the stored indices were computed on (None: never computed)."""
    query = select(IndexSensitivity.values_version).where(*_key(slug, version, level, country)).limit(1)
    with engine.connect() as connection:
        found = connection.execute(query).scalar()
    return None if found is None else str(found)
