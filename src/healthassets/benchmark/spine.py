"""Spine charts and domain scores: where an area sits among the areas of its type.

Spine chart (Fingertips area profiles): for each indicator, the range of values across the areas of
the same type is drawn from the worst (left) to the best (right), with the 25th–75th percentile band,
the comparator (England) at the centre and the area's marker. Scaling as in Fingertips' spine charts:
the comparator value ``c`` sits at 0.5 and the half-width is ``h = max(|lowest − c|, |highest − c|)``,
so a value ``x`` is drawn at ``0.5 + (x − c) / (2h)``; for "Low is good" indicators the axis is
reversed so that the worst is always on the left (no-judgement indicators: lowest on the left).

Domain score (this project's own method, docs/adr/0028 — Public Health Wales' Health Assets tool
publishes no such score): the mean over a domain's indicators of the area's polarity-adjusted
percentile rank among the areas of its type in its country. The percentile of a value ``x``
among ``n`` peer values is the mid-rank ``100 · (#worse + ½ · #equal) / n`` (for a member of the
peers this is ``100 · (r − ½) / n`` with ``r`` its average rank), so the peers average 50 and a value
better than every peer scores near 100. Indicators without a polarity ("No judgement") are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.benchmark.polarity import Polarity, parse_polarity


def _direction(polarity: pd.Series) -> np.ndarray:
    """+1 where high is good, −1 where low is good, 0 without judgement."""
    spellings = {text: parse_polarity(text) for text in polarity.dropna().unique() if isinstance(text, str)}
    signs = {
        text: {Polarity.HIGH_IS_GOOD: 1.0, Polarity.LOW_IS_GOOD: -1.0}.get(p, 0.0)
        for text, p in spellings.items()
    }
    return polarity.map(signs).fillna(0.0).to_numpy(dtype=float)  # parsed once per spelling


def spine_summary(peers: pd.DataFrame, keys: list[str], value: str = "value") -> pd.DataFrame:
    """Per series (``keys``): number of peers with a value, lowest, 25th and 75th percentiles
    (linear interpolation), highest."""
    known = peers[peers[value].notna()]
    grouped = known.groupby(keys, dropna=False)[value]
    out = pd.DataFrame(
        {
            "peers": grouped.size(),
            "lowest": grouped.min(),
            "q25": grouped.quantile(0.25),
            "q75": grouped.quantile(0.75),
            "highest": grouped.max(),
        }
    )
    return out.reset_index()


def spine_positions(summary: pd.DataFrame, comparator: pd.Series, polarity: pd.Series) -> pd.DataFrame:
    """Scaled 0–1 positions of lowest/q25/q75/highest (and ``comparator`` at 0.5) for each summary
    row, with the worst end on the left; adds ``worst_pos``, ``q25_pos``… and ``left_is`` (the
    value drawn at 0). ``comparator`` and ``polarity`` align with ``summary``'s rows."""
    c = comparator.to_numpy(dtype=float)
    low = summary["lowest"].to_numpy(dtype=float)
    high = summary["highest"].to_numpy(dtype=float)
    centre = np.where(np.isnan(c), (low + high) / 2, c)
    half = np.maximum(np.abs(low - centre), np.abs(high - centre))
    half = np.where(half > 0, half, 1.0)
    flip = _direction(polarity) < 0

    def scale(x: np.ndarray) -> np.ndarray:
        position = 0.5 + (x - centre) / (2 * half)
        return np.where(flip, 1 - position, position)

    out = summary.copy()
    for column in ("lowest", "q25", "q75", "highest"):
        out[f"{column}_pos"] = scale(out[column].to_numpy(dtype=float))
    out["centre"] = centre
    out["half_width"] = half
    out["reversed"] = flip
    return out


def position_on_spine(x: pd.Series, spine: pd.DataFrame) -> np.ndarray:
    """Where values ``x`` (aligned with ``spine``'s rows) fall on their spine (0–1, worst left)."""
    position = 0.5 + (x.to_numpy(dtype=float) - spine["centre"].to_numpy()) / (
        2 * spine["half_width"].to_numpy()
    )
    return np.where(spine["reversed"].to_numpy(dtype=bool), 1 - position, position)


def percentile_ranks(
    peers: pd.DataFrame, keys: list[str], polarity: pd.Series, value: str = "value"
) -> pd.Series:
    """Polarity-adjusted mid-rank percentile (0–100) of each peer within its series; NaN without a
    value or a polarity. ``polarity`` aligns with ``peers``' rows."""
    direction = _direction(polarity)
    oriented = peers[value].to_numpy(dtype=float) * np.where(direction == 0, np.nan, direction)
    frame = peers[keys].assign(_oriented=oriented)
    grouped = frame.groupby(keys, dropna=False)["_oriented"]
    rank = grouped.rank(method="average")
    count = grouped.transform("count")
    return 100 * (rank - 0.5) / count


def percentile_among(
    points: pd.DataFrame, peers: pd.DataFrame, keys: list[str], polarity: pd.Series, value: str = "value"
) -> pd.Series:
    """Polarity-adjusted mid-rank percentile of each row of ``points`` (e.g. England's values) among the
    ``peers`` of the same series. ``polarity`` aligns with ``points``' rows."""
    direction = pd.Series(_direction(polarity), index=points.index, name="_direction")
    left = points[keys].assign(_x=points[value].to_numpy(dtype=float), _direction=direction.to_numpy())
    left["_row"] = np.arange(len(left))
    joined = left.merge(peers[[*keys, value]].dropna(subset=[value]), on=keys, how="left")
    difference = (joined[value] - joined["_x"]) * joined["_direction"]
    joined["_worse"] = (difference < 0).astype(float)
    joined["_equal"] = (difference == 0).astype(float)
    joined["_peer"] = joined[value].notna().astype(float)
    sums = joined.groupby("_row")[["_worse", "_equal", "_peer"]].sum().reindex(range(len(left)))
    score = 100 * (sums["_worse"] + 0.5 * sums["_equal"]) / sums["_peer"].where(sums["_peer"] > 0)
    no_judgement = (direction.to_numpy() == 0) | np.isnan(left["_x"].to_numpy())
    return pd.Series(np.where(no_judgement, np.nan, score.to_numpy()), index=points.index)


def domain_scores(ranks: pd.DataFrame, domain_of: pd.Series, rank: str = "percentile") -> pd.DataFrame:
    """Mean percentile per domain: ``ranks`` has ``indicator_id`` and ``rank``; ``domain_of`` maps an
    indicator id to its domain name. Returns domain, score, indicators (how many were scored), the
    domains in order of first appearance among the scored rows."""
    names = ranks["indicator_id"].map(domain_of)
    valid = names.notna() & ranks[rank].notna()
    codes, found = pd.factorize(names[valid])
    score, n = domain_means(codes.astype(float), ranks.loc[valid, rank].to_numpy(dtype=float), len(found))
    return pd.DataFrame({"domain": list(found), "score": score, "indicators": n.astype("int64")})


def domain_means(codes: np.ndarray, values: np.ndarray, domains: int) -> tuple[np.ndarray, np.ndarray]:
    """Per domain position 0…domains−1 (``codes``: each value's domain position, NaN for none): the
    mean of its non-missing ``values`` (NaN where it has none) and how many there are."""
    valid = ~np.isnan(codes) & ~np.isnan(values)
    where = codes[valid].astype(int)
    n = np.bincount(where, minlength=domains).astype(float)
    sums = np.bincount(where, weights=values[valid], minlength=domains)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, sums / n, np.nan), n
