"""Shared pieces of the direct SVG renderer: XML escaping, text measurement, nice axis ticks, the
document wrapper, axes and legends, and reading the parts of a Vega-Lite spec a chart is drawn from.

Text widths use Helvetica's advance widths (Adobe's core-font metrics, in 1/1000 em; Arial shares
them), which is how labels are truncated to a limit and columns sized without a browser. Ticks follow
d3-array's ``tickIncrement`` (step = 1, 2 or 5 × 10ⁿ, the one nearest span / count; its thresholds
are √50, √10 and √2), as Vega's linear scales do, and domains are widened to whole steps ("nice").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

#: Arial first (the fonts the Vega specs name), then metric-compatible and generic fallbacks
FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif"
FONT_SIZE = 12
INK = "#0b0c0c"
LABEL = "#000"
AXIS = "#888"
GRID = "#ddd"
NOT_COMPARED = "#C9C9C9"
ELLIPSIS = "…"

# Helvetica advance widths for printable ASCII (32 ' ' … 126 '~'), in 1/1000 em
_ASCII_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_WIDE = {"…": 1000, "–": 556, "—": 1000, "’": 222, "‘": 222, "“": 333, "”": 333, "•": 350, "·": 278}
#: bold text is about 8 % wider than regular in Helvetica
BOLD_FACTOR = 1.08
#: characters XML 1.0 forbids (C0 controls but tab, newline and carriage return; U+FFFE/U+FFFF)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text: object) -> str:
    """``text`` safe inside an XML element or a double-quoted attribute."""
    value = _NOT_XML.sub("", str(text))
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def fmt(x: float) -> str:
    """A coordinate to a tenth of a pixel (finer than any screen shows, even scaled up)."""
    return f"{x:.1f}"


class _Widths(dict[str, int]):
    """Advance width of each character; those outside the table count as a digit (556)."""

    def __missing__(self, char: str) -> int:
        return 556


_WIDTHS = _Widths({chr(32 + i): w for i, w in enumerate(_ASCII_WIDTHS)} | _WIDE)


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Width of ``text`` in pixels at ``size`` px."""
    width = sum(map(_WIDTHS.__getitem__, text)) * size / 1000
    return width * BOLD_FACTOR if bold else width


def fit(text: str, limit: float, size: float = FONT_SIZE, bold: bool = False) -> tuple[str, float]:
    """(``text`` cut to fit ``limit`` px with an ellipsis, as Vega's ``labelLimit`` does; its width)."""
    width = text_width(text, size, bold)
    if width <= limit:
        return text, width
    scale = size / 1000 * (BOLD_FACTOR if bold else 1.0)
    room = limit / scale - _WIDTHS[ELLIPSIS]
    used, end = 0, 0
    for end, char in enumerate(text):  # noqa: B007 - the cut position is the loop's result
        used += _WIDTHS[char]
        if used > room:
            break
    cut = text[:end].rstrip() + ELLIPSIS
    return cut, text_width(cut, size, bold)


def truncate(text: str, limit: float, size: float = FONT_SIZE, bold: bool = False) -> str:
    """``text`` cut to fit ``limit`` px with an ellipsis."""
    return fit(text, limit, size, bold)[0]


def finite(value: object) -> bool:
    """A finite number (not None, NaN, ±∞, a bool or text)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool)


def number(value: object) -> float | None:
    """``value`` as a float when it is a finite number, else None (missing, NaN, text)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else None


def circle(cx: float, cy: float, r: float, fill: str, **attrs: object) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f'<circle cx="{fmt(cx)}" cy="{fmt(cy)}" r="{fmt(r)}" fill="{fill}"{extra}/>'


def tick_step(lo: float, hi: float, count: int) -> float:
    """d3's tick step for [lo, hi] in about ``count`` ticks: 1, 2 or 5 × 10ⁿ."""
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    factor = (
        10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1
    )
    return factor * power


def nice_domain(values: Iterable[float], count: int, zero: bool = True) -> tuple[float, float, list[float]]:
    """(lo, hi, ticks): the finite ``values`` (and 0 when ``zero``) widened to whole tick steps."""
    known = [v for v in values if finite(v)]
    if zero:
        known.append(0.0)
    if not known:
        return 0.0, 1.0, [0.0, 1.0]
    lo, hi = min(known), max(known)
    if lo == hi:
        lo, hi = (lo - 1, hi + 1) if lo else (0.0, 1.0)
    step = tick_step(lo, hi, count)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    step = tick_step(lo, hi, count)
    n = round((hi - lo) / step)
    return lo, hi, [lo + i * step for i in range(n + 1)]


def tick_text(value: float, ticks: Sequence[float]) -> str:
    """Tick label with as many decimals as the step needs and thousands separators (Vega's ``,``)."""
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    places = max(0, -math.floor(math.log10(step) + 1e-9)) if step else 0
    text = f"{value:,.{places}f}"
    return "0" if text.strip("-0.,") == "" else text


def document(width: float, height: float, body: Iterable[str]) -> str:
    """The ``<svg>`` root: sized and with a viewBox (so CSS can scale it), hidden from assistive
    technology (the figure around it names it and a table gives its data), a white background."""
    w, h = fmt(width), fmt(height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true" focusable="false" '
        f'width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{esc(FONT)}" font-size="{FONT_SIZE}">'
        f'<rect width="{w}" height="{h}" fill="#fff"/>'
    )
    return head + "".join(body) + "</svg>"


def text(x: float, y: float, content: str, anchor: str = "start", **attrs: object) -> str:
    """A ``<text>`` element; keyword attributes use ``_`` for ``-`` (``font_weight`` → ``font-weight``)."""
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f'<text x="{fmt(x)}" y="{fmt(y)}" text-anchor="{anchor}"{extra}>{esc(content)}</text>'


def line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1, dash: str = "") -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}" stroke="{stroke}" '
        f'stroke-width="{fmt(width)}"{dashed}/>'
    )


def rect(x: float, y: float, width: float, height: float, fill: str, **attrs: object) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return (
        f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(max(width, 0))}" height="{fmt(max(height, 0))}" '
        f'fill="{fill}"{extra}/>'
    )


def x_axis(x0: float, x1: float, y: float, lo: float, hi: float, ticks: Sequence[float], title: str) -> str:
    """A bottom axis: domain line, ticks, labels and a bold centred title (Vega's look)."""
    parts = [line(x0, y, x1, y, AXIS)]
    for tick in ticks:
        x = x0 + (tick - lo) / (hi - lo) * (x1 - x0)
        parts.append(line(x, y, x, y + 5, AXIS))
        parts.append(text(x, y + 17, tick_text(tick, ticks), "middle", fill=LABEL))
    if title:
        parts.append(text((x0 + x1) / 2, y + 33, title, "middle", font_weight="bold", fill=LABEL))
    return "".join(parts)


def legend(x: float, y: float, title: str, items: Sequence[tuple[str, str]], square: bool = False) -> str:
    """A vertical legend of filled circles (squares for bars): bold ``title`` then one (label,
    colour) per row."""
    parts = [text(x, y + 9, title, font_weight="bold", fill=LABEL)] if title else []
    top = y + (18 if title else 0)
    for i, (label, colour) in enumerate(items):
        cy = top + 8 + i * 16
        if square:
            parts.append(rect(x, cy - 5, 10, 10, colour, stroke=INK, stroke_width=0.5))
        else:
            parts.append(circle(x + 5, cy, 5, colour, stroke=INK, stroke_width=0.5))
        parts.append(text(x + 14, cy + 4, label, fill=LABEL, font_size=11))
    return "".join(parts)


def legend_width(title: str, items: Sequence[tuple[str, str]]) -> float:
    widths = [text_width(title, FONT_SIZE, bold=True)] + [14 + text_width(label, 11) for label, _ in items]
    return max(widths)


# -- reading a Vega-Lite spec ----------------------------------------------------------------------


def rows(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The spec's inline data rows."""
    data = spec.get("data") or {}
    values = data.get("values") if isinstance(data, Mapping) else None
    return list(values) if isinstance(values, list) else []


def encodings(spec: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every encoding block of the spec, its top level and its layers."""
    if isinstance(spec.get("encoding"), Mapping):
        yield spec["encoding"]
    for layer in spec.get("layer") or ():
        if isinstance(layer.get("encoding"), Mapping):
            yield layer["encoding"]


def colour_map(spec: Mapping[str, Any], field: str = "benchmark") -> dict[str, str]:
    """label → colour of the first colour scale on ``field`` (its domain zipped with its range)."""
    for encoding in encodings(spec):
        colour = encoding.get("color")
        if isinstance(colour, Mapping) and colour.get("field") == field:
            scale = colour.get("scale") or {}
            return dict(zip(scale.get("domain") or (), scale.get("range") or (), strict=False))
    return {}


def channel(spec: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """The first ``name`` channel (``x``, ``y``, ``color``…) that encodes a field."""
    for encoding in encodings(spec):
        value = encoding.get(name)
        if isinstance(value, Mapping) and "field" in value:
            return value
    return {}


def datum(spec: Mapping[str, Any], name: str = "x") -> float | None:
    """A constant line's position (a layer encoding ``{"datum": value}``), if any."""
    for encoding in encodings(spec):
        value = encoding.get(name)
        if isinstance(value, Mapping) and finite(value.get("datum")):
            return float(value["datum"])
    return None


def rank_ticks(n: int) -> list[int]:
    """Ticks of a rank axis 1…n: 1, then round steps up to n."""
    if n <= 1:
        return [1] if n else []
    step = max(1, 10 ** int(math.log10(n)) // (2 if n / 10 ** int(math.log10(n)) < 3 else 1))
    return [1, *range(step, n + 1, step)] if step > 1 else list(range(1, n + 1))
