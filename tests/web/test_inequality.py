"""The "Inequality within an area" section: Oldham's profile shows its deciles' table, the SII, the
chart (inline SVG with a bar per decile and the fitted line) and a CSV of the same numbers; another
indicator can be chosen; a Welsh authority says why there is nothing, in Welsh too; the indicator
page shows the section for the authority its LSOAs are listed in. Plus the chart's SVG renderer."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.i18n import catalogue
from healthassets.services.inequality import area_inequality
from healthassets.web import charts, svg

pytestmark = pytest.mark.db

OLDHAM = "E08000004"
NS = "{http://www.w3.org/2000/svg}"
WALES_MESSAGE = "Not available for Welsh areas (the Welsh Index of Multiple Deprivation is not bundled)."


def section_of(page: str) -> str:
    found = re.search(r'<section id="inequality".*?</section>', page, re.S)
    assert found, "no inequality section"
    return found.group(0)


def table_rows(section: str) -> list[list[str]]:
    body = re.search(
        r'<table class="govuk-table[^"]*" id="inequality-table">.*?<tbody[^>]*>(.*?)</tbody>', section, re.S
    )
    assert body, "no decile table"
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    ]


def test_oldhams_profile_shows_deciles_sii_chart_and_table(site: TestClient, loaded_engine: Engine) -> None:
    section = section_of(site.get(f"/areas/{OLDHAM}?inequality=9000101").text)
    assert "Inequality within Oldham" in section
    assert "local deprivation deciles" in section and "OHID" in section and "phe_sii" in section
    rows = table_rows(section)
    assert [r[0] for r in rows] == ["1 (most deprived)", *map(str, range(2, 10)), "10 (least deprived)"]
    expected = area_inequality(loaded_engine, OLDHAM, 9_000_101)  # households deprived in 1+ dimensions
    assert [int(r[1]) for r in rows] == expected.deciles["lsoas"].tolist()
    assert [r[5] for r in rows] == [f"{v:.1f}" for v in expected.deciles["value"]]
    sii = re.search(r'id="inequality-sii"><strong>(.*?)</strong>', section)
    assert sii and f"{expected.summary['sii']:.1f} percentage points" in sii.group(1)
    drawing = ET.fromstring(re.search(r"<svg.*?</svg>", section, re.S).group(0))  # type: ignore[union-attr]
    assert len([e for e in drawing.iter(f"{NS}rect") if e.get("class") == "bar"]) == 10
    fitted = [e for e in drawing.iter(f"{NS}polyline") if e.get("class") == "fitted"]
    assert len(fitted) == 1 and len(fitted[0].get("points", "").split()) == 10
    assert re.search(r'<option value="9000101" selected>', section)


def test_the_csv_and_the_chart_downloads_carry_the_same_numbers(
    site: TestClient, loaded_engine: Engine
) -> None:
    base = f"/areas/{OLDHAM}/inequality/9000101"
    response = site.get(f"{base}/data.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    expected = area_inequality(loaded_engine, OLDHAM, 9_000_101)
    assert [float(r["Value"]) for r in rows] == pytest.approx(expected.deciles["value"].tolist(), rel=1e-12)
    assert [float(r["Slope index of inequality"]) for r in rows] == [
        pytest.approx(expected.summary["sii"])
    ] * 10
    assert [int(r["Local deprivation decile (1 = most deprived)"]) for r in rows] == list(range(1, 11))
    for fmt, kind in (("svg", "image/svg+xml"), ("png", "image/png"), ("json", "application/json")):
        chart = site.get(f"{base}/charts/deciles.{fmt}")
        assert chart.status_code == 200 and chart.headers["content-type"].startswith(kind), fmt
    spec = site.get(f"{base}/charts/deciles.json").json()
    assert len(spec["data"]["values"]) == 10 and spec["title"]["text"].startswith("Slope index of inequality")
    assert site.get(f"{base}/charts/spine.svg").status_code == 404


def test_another_indicator_can_be_chosen(site: TestClient) -> None:
    section = section_of(site.get(f"/areas/{OLDHAM}?inequality=9000002").text)
    assert "Income deprivation domain score (IMD 2025)" in section
    assert "weighted by their Census 2021 residents" in section
    assert len(table_rows(section)) == 10
    assert site.get(f"/areas/{OLDHAM}?inequality=abc").status_code == 400
    assert site.get(f"/areas/{OLDHAM}?inequality=123").status_code == 404
    rank = section_of(site.get(f"/areas/{OLDHAM}?inequality=9000010").text)
    assert "ranks are never averaged" in rank and "inequality-table" not in rank


def test_a_welsh_authority_says_why_in_both_languages(site: TestClient) -> None:
    section = section_of(site.get("/areas/W06000015").text)
    assert WALES_MESSAGE in section and "inequality-table" not in section and "<select" not in section
    welsh = section_of(site.get("/areas/W06000015?lang=cy").text)
    translated = catalogue("cy")[WALES_MESSAGE]
    assert translated != WALES_MESSAGE and translated.replace("'", "&#39;") in welsh


def test_the_section_appears_where_it_belongs(site: TestClient) -> None:
    assert 'id="inequality"' not in site.get("/areas/E01005123").text  # an LSOA: no deciles within
    indicator = site.get(f"/indicators/9000101?area_type=lsoa&parent={OLDHAM}").text
    section = section_of(indicator)
    assert "Inequality within Oldham" in section and len(table_rows(section)) == 10
    assert "<select" not in section  # the page's own indicator; the authority is "Areas in"
    assert 'id="inequality"' not in site.get("/indicators/93015?area_type=ltla").text  # no LSOA values


# --- the chart's SVG renderer ------------------------------------------------------------------


def spec(values: list[float], fitted: bool = True, title: str = "SII") -> dict[str, Any]:
    rows = [
        {"decile": str(i + 1), "value": v, "lower": v - 1, "upper": v + 1, "fitted": v if fitted else None}
        for i, v in enumerate(values)
    ]
    labels = {"decile": "Decile", "value": "score", "bars": "Value", "line": "Fitted", "title": title}
    return charts.deciles_chart(rows, labels)


def test_the_svg_draws_a_bar_per_decile_below_zero_too_and_escapes_text() -> None:
    root = ET.fromstring(svg.deciles(spec([3.0, 1.0, -2.0], title='<b>Bury\'s & "best"</b>')))
    bars = [e for e in root.iter(f"{NS}rect") if e.get("class") == "bar"]
    assert len(bars) == 3
    zero_and_down = [float(bars[2].get("y", 0)), float(bars[2].get("height", 0))]
    assert zero_and_down[1] > 0 and float(bars[0].get("y", 0)) < zero_and_down[0]  # −2 hangs from zero
    assert '<b>Bury\'s & "best"</b>' in [t.text for t in root.iter(f"{NS}text")]
    assert [e for e in root.iter(f"{NS}polyline") if e.get("class") == "fitted"]


def test_the_svg_without_an_sii_draws_no_line_and_copes_with_no_value() -> None:
    root = ET.fromstring(svg.deciles(spec([2.0, float("nan")], fitted=False)))
    assert not [e for e in root.iter(f"{NS}polyline") if e.get("class") == "fitted"]
    assert len([e for e in root.iter(f"{NS}rect") if e.get("class") == "bar"]) == 1
    assert "Fitted" not in [t.text for t in root.iter(f"{NS}text")]
