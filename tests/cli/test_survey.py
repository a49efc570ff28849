"""``healthassets survey score|summarise``: the CLI contract on hand-checked files."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import pytest

ONS4_HEADER = "id,ons4_life_satisfaction,ons4_worthwhile,ons4_happiness,ons4_anxiety,note\n"
SWEMWBS_HEADER = ",".join(f"swemwbs_{i}" for i in range(1, 8)) + "\n"


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(text: str) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(text), dtype={"id": str, "area": str}, keep_default_na=False, na_values=[""]
    )


def test_ons4_band_edges_id_column_and_dropped_columns(run_cli, tmp_path: Path) -> None:
    rows = ["a,4,5,6,1,x", "b,5,6,7,2,x", "c,8,9,10,3,x", "d,0,0,0,4,x", "e,10,10,10,5,x", "f,0,0,0,6,x"]
    result = run_cli(
        "survey", "score", "ons4", str(write(tmp_path, ONS4_HEADER + "\n".join(rows))), "--id", "id"
    )
    assert result.code == 0, result.err
    out = read(result.out)
    assert list(out.columns) == [
        "id",
        "ons4_life_satisfaction",
        "ons4_life_satisfaction_band",
        "ons4_worthwhile",
        "ons4_worthwhile_band",
        "ons4_happiness",
        "ons4_happiness_band",
        "ons4_anxiety",
        "ons4_anxiety_band",
    ]
    assert list(out["id"]) == ["a", "b", "c", "d", "e", "f"]
    assert list(out["ons4_life_satisfaction_band"]) == ["low", "medium", "high", "low", "very high", "low"]
    assert list(out["ons4_worthwhile_band"]) == ["medium", "medium", "very high", "low", "very high", "low"]
    assert list(out["ons4_happiness_band"]) == ["medium", "high", "very high", "low", "very high", "low"]
    assert list(out["ons4_anxiety_band"]) == ["very low", "low", "low", "medium", "medium", "high"]
    assert list(out["ons4_happiness"]) == [6, 7, 10, 0, 10, 0]
    assert result.err == ""


def test_bad_items_empty_only_their_measure_and_are_counted(run_cli, tmp_path: Path) -> None:
    rows = ["a,,5,6,1,x", "b,11,6.5,-1,2,x", "c,NA,6,7,2,x"]
    result = run_cli("survey", "score", "ons4", str(write(tmp_path, ONS4_HEADER + "\n".join(rows))))
    assert result.code == 0, result.err
    out = read(result.out)
    assert list(out.columns[:2]) == ["row", "ons4_life_satisfaction"] and list(out["row"]) == [1, 2, 3]
    assert out["ons4_life_satisfaction"].isna().all() and out["ons4_life_satisfaction_band"].isna().all()
    assert out["ons4_worthwhile"].isna().tolist() == [False, True, False]
    assert out["ons4_happiness"].isna().tolist() == [False, True, False]
    assert list(out["ons4_anxiety_band"]) == ["very low", "low", "low"]
    assert "ons4_life_satisfaction 3, ons4_worthwhile 1, ons4_happiness 1" in result.err
    assert "warning" in result.err


def test_swemwbs_conversion_endpoints_and_a_middle_value(run_cli, tmp_path: Path) -> None:
    rows = ["1,1,1,1,1,1,1", "5,5,5,5,5,5,5", "3,3,3,3,3,3,2", "4,4,4,4,4,4,4", "3,3,3,3,3,3,0"]
    result = run_cli("survey", "score", "swemwbs", str(write(tmp_path, SWEMWBS_HEADER + "\n".join(rows))))
    assert result.code == 0, result.err
    out = read(result.out)
    assert list(out.columns) == ["row", "swemwbs_raw", "swemwbs_metric"]
    assert out["swemwbs_raw"].tolist()[:4] == [7, 35, 20, 28]
    assert out["swemwbs_metric"].tolist()[:4] == [7.00, 35.00, 18.59, 25.03]
    assert math.isnan(out["swemwbs_metric"].iloc[4])
    assert "swemwbs_raw 1, swemwbs_metric 1" in result.err


def test_wemwbs_total(run_cli, tmp_path: Path) -> None:
    header = ",".join(f"wemwbs_{i}" for i in range(1, 15)) + "\n"
    result = run_cli("survey", "score", "wemwbs", str(write(tmp_path, header + ",".join(["5"] * 14))))
    assert result.code == 0, result.err
    assert read(result.out)["wemwbs_total"].tolist() == [70]


def test_non_numeric_item_exits_2_naming_file_row_and_column(run_cli, tmp_path: Path) -> None:
    path = write(tmp_path, SWEMWBS_HEADER + "1,1,1,1,1,1,1\n2,2,two,2,2,2,2\n")
    result = run_cli("survey", "score", "swemwbs", str(path))
    assert result.code == 2
    assert result.err.strip() == f"error: {path}, row 2, column 'swemwbs_3': 'two' is not a number"
    missing = run_cli("survey", "score", "wemwbs", str(path))
    assert missing.code == 2 and "column 'wemwbs_1'" in missing.err


def test_unknown_instrument_and_custom_toml(run_cli, tmp_path: Path) -> None:
    assert run_cli("survey", "score", "phq9", str(write(tmp_path, "a\n1\n"))).code == 2
    spec = write(tmp_path, 'slug = "t"\nname = "T"\n[[items]]\nkey = "q1"\ntext = "Placeholder"\n', "t.toml")
    result = run_cli("survey", "score", str(spec), str(write(tmp_path, "q1\n3\n9\n")))
    assert result.code == 0, result.err
    assert read(result.out)["q1"].isna().tolist() == [False, True]


def _scored(tmp_path: Path, counts: dict[str, int]) -> Path:
    lines = ["area,score,band"]
    for area, count in counts.items():
        lines += [f"{area},{i},{'very high' if i > 6 else 'low'}" for i in range(1, count + 1)]
    return write(tmp_path, "\n".join(lines) + "\n", "scored.csv")


def test_summarise_t_and_wilson_by_hand_and_suppression_at_9(run_cli, tmp_path: Path) -> None:
    path = _scored(tmp_path, {"E02000002": 9, "E02000001": 10})
    result = run_cli(
        "survey", "summarise", str(path), "--value", "score", "--band", "band", "--group-by", "area"
    )
    assert result.code == 0, result.err
    out = read(result.out)
    assert list(out.columns) == [
        "area",
        "n",
        "mean",
        "lower95_0cl",
        "upper95_0cl",
        "low_proportion",
        "low_lower95_0cl",
        "low_upper95_0cl",
        "very_high_proportion",
        "very_high_lower95_0cl",
        "very_high_upper95_0cl",
        "suppressed",
    ]
    assert list(out["area"]) == ["E02000002", "E02000001"]  # order of first appearance
    assert list(out["suppressed"].astype(str).str.lower()) == ["true", "false"]
    assert out.iloc[0].drop(["area", "suppressed"]).isna().all()
    ten = out.iloc[1]
    # 1..10: mean 5.5, s² = 110/12, t_{0.975,9} = 2.262157163
    half = 2.262157163 * math.sqrt(110 / 12 / 10)
    assert ten["n"] == 10 and ten["mean"] == 5.5
    assert ten["lower95_0cl"] == pytest.approx(5.5 - half, abs=1e-8)
    assert ten["upper95_0cl"] == pytest.approx(5.5 + half, abs=1e-8)
    # Wilson 6/10 and 4/10 at z = 1.959964
    z = 1.959963985

    def wilson(x: int, n: int, sign: int) -> float:
        return (2 * x + z * z + sign * z * math.sqrt(z * z + 4 * x * (1 - x / n))) / (2 * (n + z * z))

    assert ten["low_proportion"] == 0.6
    assert ten["low_lower95_0cl"] == pytest.approx(wilson(6, 10, -1), abs=1e-8)
    assert ten["very_high_upper95_0cl"] == pytest.approx(wilson(4, 10, 1), abs=1e-8)


def test_summarise_without_groups_and_min_count(run_cli, tmp_path: Path) -> None:
    path = _scored(tmp_path, {"A": 3})
    result = run_cli("survey", "summarise", str(path), "--value", "score", "--min-count", "3")
    assert result.code == 0, result.err
    out = read(result.out)
    assert list(out.columns) == ["n", "mean", "lower95_0cl", "upper95_0cl", "suppressed"]
    assert out.loc[0, "n"] == 3 and out.loc[0, "mean"] == 2
    bad = write(tmp_path, "score\n1\nlots\n", "bad.csv")
    refused = run_cli("survey", "summarise", str(bad), "--value", "score")
    assert refused.code == 2 and "row 2, column 'score'" in refused.err


def test_score_then_summarise_an_ons4_file(run_cli, tmp_path: Path) -> None:
    rows = [f"r{i},{i},5,{i},{i % 11},x" for i in range(11)]  # happiness 0..10
    scored = tmp_path / "scored.csv"
    first = run_cli(
        "survey", "score", "ons4", str(write(tmp_path, ONS4_HEADER + "\n".join(rows))), "-o", str(scored)
    )
    assert first.code == 0 and first.out == ""
    result = run_cli(
        "survey", "summarise", str(scored), "--value", "ons4_happiness", "--band", "ons4_happiness_band"
    )
    assert result.code == 0, result.err
    out = read(result.out)
    names = [c.removesuffix("_proportion") for c in out.columns if c.endswith("_proportion")]
    assert names == ["low", "medium", "high", "very_high"]
    # 0-4 low (5 of 11), 5-6 medium (2), 7-8 high (2), 9-10 very high (2)
    assert out.loc[0, "n"] == 11 and out.loc[0, "mean"] == 5
    assert out.loc[0, "low_proportion"] == pytest.approx(5 / 11)
    assert out.loc[0, "very_high_proportion"] == pytest.approx(2 / 11)


def test_publish_writes_an_indicator_the_site_shows_with_small_numbers_suppressed(
    run_cli, loaded_geography, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from healthassets.app import create_app
    from healthassets.store import areas as area_store

    engine = loaded_geography
    msoa = area_store.descendants(engine, "E08000004", "msoa")[0]
    lsoas = [a.code for a in area_store.descendants(engine, msoa.code, "lsoa")][:2]
    rows = [f"{lsoas[0]},{20 + i % 7}" for i in range(40)] + [f"{lsoas[1]},{30 + i}" for i in range(3)]
    scored = write(tmp_path, "lsoa_code,swemwbs_metric\n" + "\n".join(rows) + "\n")
    url = engine.url.render_as_string(hide_password=False)
    args = ["survey", "publish", str(scored), "--value", "swemwbs_metric", "--lsoa", "lsoa_code"]
    args += ["--indicator-id", "9500002", "--name", "Wellbeing survey (SWEMWBS)", "--period", "2026"]
    result = run_cli(*args, "--database", url)
    assert result.code == 0, result.err
    assert (
        "Indicator 9500002 at 2026: 43 responses" in result.out
        and "lsoa: 0 published, 2 suppressed" in result.out
    )
    with TestClient(create_app(engine), raise_server_exceptions=False) as site:
        values = site.get("/api/v1/values?indicator=9500002&area_type=lsoa").json()
        rows_by_code = {r["area_code"]: r for r in values["values"]}
        # the first LSOA's 40 responses would give the second's 3 away by differencing its MSOA
        assert {r["value_status"] for r in rows_by_code.values()} == {"suppressed"}
        assert all(r["value"] is None and r["denominator"] is None for r in rows_by_code.values())
        page = site.get("/indicators/9500002")
        assert page.status_code == 200 and "Wellbeing survey (SWEMWBS)" in page.text
        profile = site.get(f"/areas/{msoa.code}?profile=local-surveys")
        assert profile.status_code == 200 and "Wellbeing survey (SWEMWBS)" in profile.text
        assert "Local survey results" in profile.text
    bad = run_cli(*args[:7], "--indicator-id", "42", "--name", "x", "--period", "2026", "--database", url)
    assert bad.code == 2 and "local range" in bad.err and "Traceback" not in bad.err
