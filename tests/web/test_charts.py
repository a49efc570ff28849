import json
import re

from healthassets.web.chart_images import inline_svg, render
from healthassets.web.charts import bar_chart, colour_scale, radar_chart


def test_bar_chart_marks_the_chosen_area_and_only_shown_labels() -> None:
    rows = [
        {"area_name": "Oldham", "value": 3.0, "lower": 2.0, "upper": 4.0, "benchmark": "Worse"},
        {"area_name": 'Bury\'s "best"', "value": 1.0, "lower": 0.5, "upper": 1.5, "benchmark": "Better"},
    ]
    colours = {"Better": "#92D050", "Similar": "#FFC000", "Worse": "#C00000"}
    spec = bar_chart(rows, colours, {}, 2.0, highlight='Bury\'s "best"')
    axis = spec["layer"][0]["encoding"]["y"]["axis"]
    assert json.loads(axis["labelFontWeight"]["condition"]["test"].split("=== ", 1)[1]) == 'Bury\'s "best"'
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["Better", "Worse"]
    svg = inline_svg(bar_chart(rows, colours, {}, 2.0, highlight="Oldham"))
    assert svg.startswith('<svg aria-hidden="true"')
    assert re.search(r'font-weight="bold"[^>]*>Oldham</text>', svg)
    assert re.search(r'font-weight="normal"[^>]*>Bury', svg)
    assert render(spec, "png")[:4] == b"\x89PNG"


def test_colour_scale_keeps_every_label_without_rows() -> None:
    assert colour_scale({"A": "#000000", "B": "#ffffff"})["domain"] == ["A", "B"]


def test_radar_labels_are_drawn_as_text() -> None:
    names = ("One", "Two", "Three")
    data = [{"domain": d, "series": s, "score": 50.0} for d in names for s in ("Area", "England")]
    svg = render(radar_chart(data, {"area": "Area", "comparator": "England"}), "svg").decode()
    assert all(f">{d}<" in svg for d in ("One", "Two", "Three"))


def test_radar_comparator_name_is_quoted_safely_in_its_signal() -> None:
    tricky = 'Ynys Môn\'s "own" \\ area'
    data = [{"domain": d, "series": s, "score": 40.0} for d in ("A", "B", "C") for s in ("X", tricky)]
    spec = radar_chart(data, {"area": "X", "comparator": tricky})
    signal = json.dumps(spec)
    dash = re.search(r'"signal": "(datum\.series === [^"\\]*(?:\\.[^"\\]*)*)"', signal)
    assert dash, "no strokeDash signal"
    expression = json.loads(f'"{dash.group(1)}"')
    quoted = expression.split("=== ", 1)[1].rsplit(" ?", 1)[0]
    assert json.loads(quoted) == tricky  # a JSON string literal is a valid Vega expression string
    assert render(spec, "svg")  # Vega parses the expression
