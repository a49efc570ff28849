"""Opening times → sessions → HSDS schedules, and the day/time filter."""

from __future__ import annotations

import pandas as pd
import pytest

from healthassets.openreferral import schedule


def _assets(**texts: str | None) -> pd.DataFrame:
    return pd.DataFrame({"id": list(texts), "opening_times": list(texts.values())})


def test_text_sessions_with_split_days_closed_days_and_midnight() -> None:
    table = schedule.sessions(
        _assets(a="Monday 08:30-13:00,14:00-17:30; Sunday CLOSED", b="Friday 08:00-00:00", c="by appointment")
    )
    rows = sorted(table.itertuples(index=False, name=None))
    assert rows == [("a", "MO", 510, 780), ("a", "MO", 840, 1050), ("b", "FR", 480, 1440)]


def test_structured_schedule_wins_over_text() -> None:
    frame = _assets(a="Monday 09:00-10:00").assign(
        schedule=[[{"weekday": "Tuesday", "opens_at": "11:00", "closes_at": "12:30"}, {"weekday": "x"}]]
    )
    assert sorted(schedule.sessions(frame).itertuples(index=False, name=None)) == [("a", "TU", 660, 750)]


def test_schedules_group_days_with_the_same_hours() -> None:
    table = schedule.sessions(_assets(a="Friday 09:00-17:00; Monday 09:00-17:00; Saturday 10:00-00:00"))
    out = schedule.schedules_of("a", table, None, lambda key: key)
    assert [(s["byday"], s["opens_at"], s["closes_at"], s["freq"]) for s in out] == [
        ("MO,FR", "09:00", "17:00", "WEEKLY"),
        ("SA", "10:00", "00:00", "WEEKLY"),
    ]
    kept = schedule.schedules_of("b", table.iloc[0:0], "Ring to book", lambda key: key)
    assert kept == [{"id": "text", "service_id": "b", "description": "Ring to book"}]
    assert schedule.schedules_of("c", None, None, lambda key: key) == []


def test_filter_needs_one_session_meeting_every_condition() -> None:
    table = schedule.sessions(_assets(a="Monday 09:00-12:00; Tuesday 14:00-20:00", b="Monday 13:00-15:00"))
    assert schedule.matching_assets(table, "MO") == {"a", "b"}
    assert schedule.matching_assets(table, "MO", start=13 * 60) == {"b"}
    assert schedule.matching_assets(table, None, start=13 * 60, end=16 * 60) == {"b"}
    assert schedule.matching_assets(table, "TU", end=19 * 60) == set()  # Tuesday runs to 20:00


@pytest.mark.parametrize(("text", "code"), [("MO", "MO"), ("mon", "MO"), ("Sunday", "SU"), ("sa", "SA")])
def test_parse_day(text: str, code: str) -> None:
    assert schedule.parse_day(text) == code


@pytest.mark.parametrize("text", ["Funday", "M", "Mondays", ""])
def test_parse_day_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a day"):
        schedule.parse_day(text)


def test_parse_time() -> None:
    assert schedule.parse_time("09:30") == 570 and schedule.parse_time("23:59:59") == 1439
    assert schedule.parse_time("24:00") == 1440
    for bad in ("24:30", "9", "12:60", "noon"):
        with pytest.raises(ValueError, match="not a time"):
            schedule.parse_time(bad)
