"""Opening times as HSDS schedules, and the ORUK day/time filter (pure: no I/O, vectorised).

An asset's opening times are either the structured ``schedule`` column (a list of
``{weekday, opens_at, closes_at}``) or the ``opening_times`` text the bundled layers carry, e.g.
``Monday 08:30-13:00,14:00-17:30; Saturday 09:00-12:30; Sunday CLOSED``. Both become one *session*
table (asset_id, day, opens, closes; day as the iCal code ``MO``…``SU``, times in minutes after
midnight, a close at or before the opening meaning midnight: ``08:30-00:00`` closes at 24:00).

HSDS (RFC 5545 style): sessions of one asset with the same hours become one weekly schedule,
``freq=WEEKLY``, ``byday=MO,TU,…`` in week order, ``opens_at``/``closes_at`` as ``HH:MM``.
Text that cannot be read is kept as one schedule with only a ``description``.

The filter follows the parameter texts of the ORUK 3.0 OpenAPI: ``day`` = a session on that day,
``start_time`` = a session starting at or after the time, ``end_time`` = a session ending at or
before it; given together they must hold for the same session (ORUK: parameters are cumulative).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_PREFIX = {name[:3]: code for name, code in zip(DAY_NAMES, DAYS, strict=True)}
_SEGMENT = r"(?P<day>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*:?\s*(?P<times>[0-9:.\-–, ]+)"
_RANGE = r"(?P<oh>\d{1,2})[:.](?P<om>\d{2})\s*[-–]\s*(?P<ch>\d{1,2})[:.](?P<cm>\d{2})"
TIME = re.compile(r"^(?P<h>[01]?\d|2[0-4]):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?$")
SESSION_COLUMNS = ["asset_id", "day", "opens", "closes"]


def parse_day(text: str) -> str:
    """'MO', 'mon', 'Monday' … → 'MO'; anything else raises ValueError."""
    key = text.strip().lower()
    if key.upper() in DAYS:
        return key.upper()
    if key[:3] in _DAY_PREFIX and key in {key[:3], DAY_NAMES[DAYS.index(_DAY_PREFIX[key[:3]])]}:
        return _DAY_PREFIX[key[:3]]
    raise ValueError(f"not a day: {text!r} (use MO…SU or Monday…Sunday)")


def parse_time(text: str) -> int:
    """'HH:MM' or 'HH:MM:SS' → minutes after midnight; anything else raises ValueError."""
    match = TIME.match(text.strip())
    if not match or (match["h"] == "24" and match["m"] != "00"):
        raise ValueError(f"not a time: {text!r} (use HH:MM or HH:MM:SS)")
    return int(match["h"]) * 60 + int(match["m"])


def sessions_from_text(assets: pd.DataFrame) -> pd.DataFrame:
    """Sessions read from ``opening_times`` text (columns id, opening_times); unreadable parts skipped."""
    text = assets[["id", "opening_times"]].dropna()
    text = text[text["opening_times"].astype(str).str.strip() != ""]
    parts = text.assign(part=text["opening_times"].astype(str).str.lower().str.split(";"))
    parts = parts.explode("part").reset_index(drop=True)
    found = parts["part"].astype(str).str.extract(_SEGMENT)
    found["asset_id"] = parts["id"]
    found = found.dropna()
    ranges = found.assign(times=found["times"].str.split(",")).explode("times").reset_index(drop=True)
    hours = ranges["times"].astype(str).str.extract(_RANGE)
    keep = hours.notna().all(axis=1).to_numpy()
    ranges, numbers = ranges[keep], hours[keep].astype(int)
    table = pd.DataFrame(
        {
            "asset_id": ranges["asset_id"].to_numpy(),
            "day": ranges["day"].map(_DAY_PREFIX).to_numpy(),
            "opens": (numbers["oh"] * 60 + numbers["om"]).to_numpy(),
            "closes": (numbers["ch"] * 60 + numbers["cm"]).to_numpy(),
        }
    )
    return _tidy(table)


def sessions_from_schedule(assets: pd.DataFrame) -> pd.DataFrame:
    """Sessions of the structured ``schedule`` column (a list of {weekday, opens_at, closes_at};
    weekday a name, a code or 1–7 from Monday); malformed entries skipped."""
    rows = assets[["id", "schedule"]].dropna()
    records = rows.assign(entry=rows["schedule"]).explode("entry").dropna(subset=["entry"])
    out = []
    for asset_id, entry in zip(records["id"], records["entry"], strict=True):
        if not isinstance(entry, dict):
            continue
        try:
            weekday = str(entry.get("weekday"))
            day = DAYS[int(weekday) - 1] if weekday.isdigit() else parse_day(weekday)
            out.append(
                (asset_id, day, parse_time(str(entry["opens_at"])), parse_time(str(entry["closes_at"])))
            )
        except (ValueError, KeyError, IndexError):
            continue
    return _tidy(pd.DataFrame(out, columns=SESSION_COLUMNS))


def _tidy(table: pd.DataFrame) -> pd.DataFrame:
    table = table.astype({"opens": int, "closes": int}) if len(table) else table
    ok = (table["opens"] <= 24 * 60) & (table["closes"] <= 24 * 60)
    table = table[ok.to_numpy()].copy()
    # a close at or before the opening is midnight (08:30-00:00 closes at 24:00)
    table["closes"] = np.where(table["closes"] <= table["opens"], table["closes"] + 24 * 60, table["closes"])
    return table[SESSION_COLUMNS].drop_duplicates().reset_index(drop=True)


def sessions(assets: pd.DataFrame) -> pd.DataFrame:
    """Every asset's sessions: the structured schedule where given, the opening-times text otherwise."""
    if "schedule" in assets:
        structured = sessions_from_schedule(assets)
        rest = assets[~assets["id"].isin(structured["asset_id"])]
    else:
        structured, rest = pd.DataFrame(columns=SESSION_COLUMNS), assets
    frames = [f for f in (structured, sessions_from_text(rest)) if len(f)]
    if not frames:
        return pd.DataFrame(columns=SESSION_COLUMNS).astype({"opens": int, "closes": int})
    return pd.concat(frames, ignore_index=True)


def clock(minutes: int) -> str:
    """Minutes after midnight as HH:MM (24:00 and later wrap: a midnight close is 00:00)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedules_of(
    asset_id: str, mine: pd.DataFrame | None, text: str | None, make_id: Any
) -> list[dict[str, Any]]:
    """HSDS schedules of one asset from its sessions ``mine``: a weekly schedule per distinct
    (opens, closes), days in week order; or, when there are none, one schedule holding the opening
    times ``text`` as its description. ``make_id(key)`` gives the stable id of the schedule."""
    if mine is None or mine.empty:
        if text and text.strip():
            return [{"id": make_id("text"), "service_id": asset_id, "description": text.strip()}]
        return []
    mine = mine.assign(order=mine["day"].map(DAYS.index)).sort_values(["opens", "closes", "order"])
    out = []
    for (opens, closes), group in mine.groupby(["opens", "closes"], sort=True):
        days = ",".join(group["day"])
        out.append(
            {
                "id": make_id(f"{days}:{opens}-{closes}"),
                "service_id": asset_id,
                "freq": "WEEKLY",
                "byday": days,
                "opens_at": clock(int(opens)),
                "closes_at": clock(int(closes)),
            }
        )
    return out


def matching_assets(
    table: pd.DataFrame, day: str | None = None, start: int | None = None, end: int | None = None
) -> set[str]:
    """Assets with one session on ``day`` that starts at or after ``start`` and ends at or before
    ``end`` (minutes; each condition only when given)."""
    keep = np.ones(len(table), dtype=bool)
    if day is not None:
        keep &= (table["day"] == day).to_numpy()
    if start is not None:
        keep &= (table["opens"] >= start).to_numpy()
    if end is not None:
        keep &= (table["closes"] <= end).to_numpy()
    return set(table.loc[keep, "asset_id"])
