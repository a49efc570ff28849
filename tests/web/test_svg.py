"""The direct SVG renderer (healthassets.web.svg): every chart kind is well-formed XML built from the
same Vega-Lite spec the browser draws, escapes hostile names, draws one mark per data row in its
benchmark colour, and copes with empty data, missing values, one area and negative values."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from healthassets.web import charts, svg
from healthassets.web.colours import ACCESSIBLE, COMPARATOR_LINE, FINGERTIPS, PALETTES, Palette, colour_table
from healthassets.web.svg.base import esc, nice_domain, text_width, tick_text, truncate

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = ["<script>alert(1)</script>", "St. Helens & Knowsley", "Ynys Môn", 'Bury\'s "best"', "Tab\x01Stop"]
Spec = dict[str, Any]


def colours(palette: Palette = "fingertips") -> dict[str, str]:
    return {label: colour for label, (colour, _text) in colour_table(palette).items()}


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)
    assert root.tag == f"{NS}svg"
    assert root.get("aria-hidden") == "true" and root.get("focusable") == "false"
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}" and width > 0 and height > 0
    assert "sans-serif" in root.get("font-family", "")
    assert not list(root.iter(f"{NS}script"))
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


def marks(root: ET.Element, tag: str, kind: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}{tag}") if e.get("class") == kind]


def spine_rows(n: int, benchmarks: tuple[str, ...] = ("Better", "Similar", "Worse")) -> list[dict[str, Any]]:
    return [
        {
            "label": f"Indicator {i}",
            "lowest_pos": 0.0,
            "highest_pos": 1.0,
            "q25_pos": 0.75,
            "q75_pos": 0.25,
            "marker_pos": (i + 1) / (n + 1),
            "benchmark": benchmarks[i % len(benchmarks)],
        }
        for i in range(n)
    ]


def bar_rows(values: list[float], names: list[str] | None = None) -> list[dict[str, Any]]:
    names = names or [f"Area {i}" for i in range(len(values))]
    labels = ("Worse", "Similar", "Better")
    return [
        {"area_name": name, "value": v, "lower": v - 1, "upper": v + 1, "benchmark": labels[i % 3]}
        for i, (name, v) in enumerate(zip(names, values, strict=True))
    ]


def radar_rows(domains: list[str], area: str = "Oldham") -> list[dict[str, Any]]:
    return [
        {"domain": d, "series": s, "score": score}
        for i, d in enumerate(domains)
        for s, score in ((area, 10.0 * i), ("England", 50.0))
    ]


def trend_rows(values: list[float], area: str = "Oldham") -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, v in enumerate(values):
        out.append({"period": f"20{10 + i}/{11 + i}", "series": area, "v": v, "lower": v - 1, "upper": v + 1})
        out.append({"period": f"20{10 + i}/{11 + i}", "series": "England", "v": v / 2})
    return out


def rug_rows(areas: list[str], indicators: list[str]) -> list[dict[str, Any]]:
    labels = ("Better", "Worse", "Not compared")
    cells = [(i, ind, j, a) for i, ind in enumerate(indicators) for j, a in enumerate(areas)]
    return [
        {"indicator": ind, "area_name": a, "benchmark": labels[(i + j) % 3], "value_text": f"{i}.{j}"}
        | {"text_colour": "#0b0c0c"}
        for i, ind, j, a in cells
    ]


def spine_spec(data: list[dict[str, Any]], palette: Palette = "fingertips") -> Spec:
    return charts.spine_chart(data, colours(palette), {})


def bar_spec(
    data: list[dict[str, Any]], palette: Palette = "fingertips", highlight: str | None = None
) -> Spec:
    return charts.bar_chart(data, colours(palette), {"value": "%"}, 2.0, highlight)


def radar_spec(data: list[dict[str, Any]]) -> Spec:
    return charts.radar_chart(data, {"area": "Oldham", "comparator": "England"})


def trend_spec(data: list[dict[str, Any]]) -> Spec:
    return charts.trend_chart(data, {"area": "Oldham", "comparator": "England"})


def rug_spec(data: list[dict[str, Any]], palette: Palette = "fingertips") -> Spec:
    return charts.rug_chart(data, colours(palette), {"benchmark": "Benchmark"})


#: (renderer, spec of empty data) per chart kind
EMPTY: dict[str, tuple[Callable[[Spec], str], Spec]] = {
    "spine": (svg.spine, spine_spec([])),
    "bar": (svg.bar, bar_spec([])),
    "radar": (svg.radar, radar_spec([])),
    "trend": (svg.trend, trend_spec([])),
    "rug": (svg.rug, rug_spec([])),
}


@pytest.mark.parametrize("kind", sorted(EMPTY))
def test_every_kind_draws_well_formed_svg_without_data(kind: str) -> None:
    draw, spec = EMPTY[kind]
    root = parse(draw(spec))
    assert not [e for e in root.iter() if e.get("class") in ("marker", "bar", "series", "point", "cell")]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_escaped_in_every_kind(name: str) -> None:
    shown = name.replace("\x01", "")
    drawn = {
        "spine": svg.spine(spine_spec([{**spine_rows(1)[0], "label": name}])),
        "bar": svg.bar(bar_spec(bar_rows([3.0], [name]), highlight=name)),
        "radar": svg.radar(charts.radar_chart(radar_rows(["A", "B", name], area=name), {"area": name})),
        "trend": svg.trend(charts.trend_chart(trend_rows([1.0, 2.0], area=name), {"area": name})),
        "rug": svg.rug(rug_spec(rug_rows(["Oldham"], [name]))),
    }
    for kind, markup in drawn.items():
        assert shown in texts(parse(markup)), kind
        assert "<script>" not in markup, kind


@pytest.mark.parametrize("palette", PALETTES)
def test_spine_draws_one_marker_per_row_in_its_benchmark_colour(palette: Palette) -> None:
    data = spine_rows(5)
    root = parse(svg.spine(spine_spec(data, palette)))
    markers = marks(root, "circle", "marker")
    base = ACCESSIBLE if palette == "accessible" else FINGERTIPS
    assert [m.get("fill") for m in markers] == [base[r["benchmark"]] for r in data]
    assert [float(m.get("cx", 0)) for m in markers] == sorted(float(m.get("cx", 0)) for m in markers)


def test_spine_centre_line_is_the_comparator_and_shading_spans_the_range() -> None:
    root = parse(svg.spine(spine_spec(spine_rows(2))))
    rects = [r for r in root.iter(f"{NS}rect") if r.get("fill") in ("#C9C9C9", "#8B8B8B")]
    whole = [r for r in rects if r.get("fill") == "#C9C9C9"]
    quartiles = [r for r in rects if r.get("fill") == "#8B8B8B"]
    assert len(whole) == len(quartiles) == 2
    left, width = float(whole[0].get("x", 0)), float(whole[0].get("width", 0))
    # q25/q75 of 0.75/0.25 (a reversed polarity) still shade the middle half
    assert float(quartiles[0].get("x", 0)) == pytest.approx(left + width / 4, abs=0.06)
    assert float(quartiles[0].get("width", 0)) == pytest.approx(width / 2, abs=0.06)
    centre = [ln for ln in root.iter(f"{NS}line") if ln.get("stroke") == COMPARATOR_LINE]
    assert len(centre) == 1 and float(centre[0].get("x1", 0)) == pytest.approx(left + width / 2, abs=0.06)


def test_spine_skips_missing_positions() -> None:
    data = spine_rows(3)
    data[1].update(marker_pos=None, q25_pos=math.nan)
    root = parse(svg.spine({"data": {"values": data}, "width": 300}))  # raw NaN, not cleaned
    assert len(marks(root, "circle", "marker")) == 2
    assert len([r for r in root.iter(f"{NS}rect") if r.get("fill") == "#8B8B8B"]) == 2


@pytest.mark.parametrize("palette", PALETTES)
def test_bar_draws_one_bar_per_area_in_benchmark_colour_with_whiskers(palette: Palette) -> None:
    data = bar_rows([5.0, 4.0, 3.0, 1.0])
    root = parse(svg.bar(bar_spec(data, palette)))
    bars = marks(root, "rect", "bar")
    base = ACCESSIBLE if palette == "accessible" else FINGERTIPS
    assert [b.get("fill") for b in bars] == [base[r["benchmark"]] for r in data]
    widths = [float(b.get("width", 0)) for b in bars]
    assert widths == sorted(widths, reverse=True) and widths[0] / widths[3] == pytest.approx(5.0, rel=0.01)
    whiskers = [
        ln for ln in root.iter(f"{NS}line") if ln.get("stroke") == "#0b0c0c" and ln.get("y1") == ln.get("y2")
    ]
    assert len(whiskers) == len(data)
    dashed = [ln for ln in root.iter(f"{NS}line") if ln.get("stroke-dasharray")]
    assert len(dashed) == 1 and float(dashed[0].get("x1", 0)) == pytest.approx(
        float(bars[0].get("x", 0)) + widths[0] * 2 / 5, abs=0.06
    )
    assert {"Better", "Similar", "Worse", "%"} <= set(texts(root))


def test_bar_marks_the_chosen_area_in_bold_only() -> None:
    root = parse(svg.bar(bar_spec(bar_rows([2.0, 1.0], ["Oldham", "Bury"]), highlight="Oldham")))
    weights = {t.text: t.get("font-weight") for t in root.iter(f"{NS}text") if t.text in ("Oldham", "Bury")}
    assert weights == {"Oldham": "bold", "Bury": "normal"}


def test_bar_grows_left_from_zero_for_negative_values() -> None:
    root = parse(svg.bar(bar_spec(bar_rows([4.0, -3.0]))))
    positive, negative = marks(root, "rect", "bar")
    zero = float(positive.get("x", 0))
    assert float(negative.get("x", 0)) + float(negative.get("width", 0)) == pytest.approx(zero, abs=0.06)
    assert float(negative.get("x", 0)) < zero and "-4" in texts(root)


def test_bar_of_one_area_without_comparator_or_limits() -> None:
    spec = charts.bar_chart(
        [{"area_name": "Oldham", "value": 7.0, "benchmark": "Worse"}], colours(), {}, None
    )
    root = parse(svg.bar(spec))
    assert len(marks(root, "rect", "bar")) == 1
    assert not [ln for ln in root.iter(f"{NS}line") if ln.get("stroke-dasharray")]
    nan = charts.bar_chart(bar_rows([math.nan, 2.0]), colours(), {}, math.nan)
    assert len(marks(parse(svg.bar(nan)), "rect", "bar")) == 1


def test_radar_draws_a_polygon_per_series_through_its_domains() -> None:
    domains = ["Wider determinants", "Behaviours", "Services", "Outcomes"]
    data = radar_rows(domains)[:-1]  # England has no score for the last domain
    root = parse(svg.radar(radar_spec(data)))
    area, england = marks(root, "polygon", "series")
    assert len(area.get("points", "").split()) == 4 and len(england.get("points", "").split()) == 3
    assert england.get("stroke-dasharray") and not area.get("stroke-dasharray")
    assert set(domains) | {"Oldham", "England"} <= set(texts(root))


def test_radar_scores_are_on_a_0_to_100_radius() -> None:
    root = parse(svg.radar(radar_spec([{"domain": "Only", "series": "Oldham", "score": 100.0}])))
    rings = sorted(float(c.get("r", 0)) for c in root.iter(f"{NS}circle"))
    (point,) = marks(root, "polygon", "series")
    x, y = (float(v) for v in point.get("points", "").split(",", 1))
    width, height = float(root.get("width", 0)), float(root.get("height", 0))
    assert math.hypot(x - width / 2, y - height / 2) == pytest.approx(rings[-1], abs=0.06)
    assert rings == pytest.approx([rings[-1] * f for f in (0.25, 0.5, 0.75, 1.0)], abs=0.06)


@pytest.mark.parametrize("count", [3, 5, 6, 8, 14, 20, 24])
def test_radar_labels_do_not_overlap(count: int) -> None:
    domains = [f"Domain with a long name {i}" for i in range(count)]
    root = parse(svg.radar(radar_spec(radar_rows(domains))))
    boxes = []
    for t in root.iter(f"{NS}text"):
        if t.text in domains:
            x, y, w = float(t.get("x", 0)), float(t.get("y", 0)), text_width(t.text)
            lo = {"start": x, "middle": x - w / 2, "end": x - w}[t.get("text-anchor", "start")]
            boxes.append((lo, lo + w, y - 12, y))
    assert len(boxes) == count
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2], (a, b)


def test_trend_draws_both_series_with_points_and_the_band() -> None:
    data = trend_rows([3.0, 4.0, 5.0])
    data[2]["v"] = None  # a missing value is skipped, not drawn at zero
    root = parse(svg.trend(trend_spec(data)))
    area, england = marks(root, "polyline", "series")
    assert len(area.get("points", "").split()) == 2 and len(england.get("points", "").split()) == 3
    assert england.get("stroke-dasharray") and len(marks(root, "circle", "point")) == 5
    assert len(marks(root, "polygon", "band")) == 1
    assert {"2010/11", "2011/12", "2012/13", "Oldham", "England"} <= set(texts(root))


def test_trend_of_one_period_and_negative_values() -> None:
    root = parse(svg.trend(trend_spec(trend_rows([-4.0]))))
    assert len(marks(root, "circle", "point")) == 2
    assert any(t.startswith("-") for t in texts(root))


@pytest.mark.parametrize("palette", PALETTES)
def test_rug_draws_one_cell_per_area_and_indicator(palette: Palette) -> None:
    data = rug_rows(["England", "Oldham", "Bury"], ["Obesity", "Smoking"])
    root = parse(svg.rug(rug_spec(data, palette)))
    cells = marks(root, "rect", "cell")
    base = ACCESSIBLE if palette == "accessible" else FINGERTIPS
    assert [c.get("fill") for c in cells] == [base[r["benchmark"]] for r in data]
    assert {r["value_text"] for r in data} <= set(texts(root))


def test_escape_and_text_helpers() -> None:
    assert esc('<a href="x">&\x00</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    long = "Children in absolute low income families aged 15 years and under"
    cut = truncate(long, 260)
    assert cut.endswith("…") and text_width(cut) <= 260 < text_width(long)
    assert truncate("Oldham", 260) == "Oldham"
    assert nice_domain([33.6, 12.0], 10) == (0.0, 35.0, [float(v) for v in range(0, 40, 5)])
    lo, hi, ticks = nice_domain([-0.3, 0.42], 5)
    assert (lo, hi) == pytest.approx((-0.4, 0.6)) and [tick_text(t, ticks) for t in ticks][:2] == [
        "-0.4",
        "-0.2",
    ]
    assert tick_text(12000.0, [0.0, 5000.0]) == "12,000"


def inline_charts(html: str) -> dict[str, str]:
    """figure id → the SVG markup inlined in it."""
    found = re.findall(r'<figure class="ha-chart" id="([^"]+)">.*?(<svg .*?</svg>)', html, re.S)
    return dict(found)


@pytest.mark.db
def test_profile_inlines_direct_svg_matching_its_spec_and_download(site: TestClient) -> None:
    found = inline_charts(site.get("/areas/E08000004?profile=needs&palette=accessible").text)
    assert "radar" in found and "spine-1" in found
    spec = site.get("/areas/E08000004/charts/spine-1.json?profile=needs&palette=accessible").json()
    markers = marks(parse(found["spine-1"]), "circle", "marker")
    assert len(markers) == sum(r["marker_pos"] is not None for r in spec["data"]["values"]) > 0
    assert {m.get("fill") for m in markers} <= {c for c, _ in colour_table("accessible").values()}
    download = site.get("/areas/E08000004/charts/spine-1.svg?profile=needs&palette=accessible")
    assert download.text == found["spine-1"]
    png = site.get("/areas/E08000004/charts/radar.png?profile=needs")
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"


@pytest.mark.db
def test_the_spider_chart_inlined_is_its_download_one_polygon_per_series(welsh_site: TestClient) -> None:
    from tests.welsh_profile import ANGLESEY, SLUG

    found = inline_charts(welsh_site.get(f"/areas/{ANGLESEY}?profile={SLUG}").text)
    assert found["spider"] == welsh_site.get(f"/areas/{ANGLESEY}/charts/spider.svg?profile={SLUG}").text
    spec = welsh_site.get(f"/areas/{ANGLESEY}/charts/spider.json?profile={SLUG}").json()
    series = {r["series"] for r in spec["data"][0]["values"]}
    assert len(marks(parse(found["spider"]), "polygon", "series")) == len(series) == 2


@pytest.mark.db
def test_indicator_page_inlines_direct_bar_and_trend(site: TestClient) -> None:
    query = "area_type=ltla&area=E08000004"
    found = inline_charts(site.get(f"/indicators/93015?{query}").text)
    spec = site.get(f"/indicators/93015/charts/bar.json?{query}").json()
    root = parse(found["bar-figure"])
    assert len(marks(root, "rect", "bar")) == len(spec["data"]["values"]) > 1
    assert "Oldham" in [t.text for t in root.iter(f"{NS}text") if t.get("font-weight") == "bold"]
    assert marks(parse(found["trend-figure"]), "polyline", "series")


@pytest.mark.db
def test_welsh_bar_chart_keeps_its_benchmark_colours(site: TestClient) -> None:
    """The colour scale is keyed by translated labels, so the rows must carry translated labels."""
    query = "area_type=ltla&area=E08000004&lang=cy"
    spec = site.get(f"/indicators/93015/charts/bar.json?{query}").json()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert "Gwaeth" in scale["domain"] and FINGERTIPS["Worse"] in scale["range"]
    bars = marks(
        parse(inline_charts(site.get(f"/indicators/93015?{query}").text)["bar-figure"]), "rect", "bar"
    )
    assert FINGERTIPS["Worse"] in {b.get("fill") for b in bars}
