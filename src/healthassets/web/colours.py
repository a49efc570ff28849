"""Benchmark colours: the Fingertips palette and a colour-blind-safe alternative (Okabe–Ito based),
with a text colour for each chosen for WCAG contrast. A benchmark is never shown by colour alone:
pages print the label beside the swatch and charts carry it in tooltips and tables."""

from __future__ import annotations

from typing import Literal

Palette = Literal["fingertips", "accessible"]
PALETTES: tuple[Palette, ...] = ("fingertips", "accessible")

FINGERTIPS = {
    "Better": "#92D050",
    "Similar": "#FFC000",
    "Worse": "#C00000",
    "Higher": "#BED2FF",
    "Lower": "#5555E6",
    "Not compared": "#C9C9C9",
}
ACCESSIBLE = {
    "Better": "#0072B2",
    "Similar": "#F0E442",
    "Worse": "#D55E00",
    "Higher": "#9AD0F5",
    "Lower": "#6A3D9A",
    "Not compared": "#C9C9C9",
}
#: quintiles (Fingertips draws them in shades of one hue, which is colour-blind safe already)
QUINTILES = {
    "Lowest": "#EDE7F6",
    "Low": "#C5B3E0",
    "Middle": "#9E80CB",
    "High": "#7751B5",
    "Highest": "#4B2C85",
    "Best": "#4B2C85",
    "Worst": "#EDE7F6",
}
#: spine chart parts (Fingertips greys, comparator line)
SPINE_RANGE = "#C9C9C9"
SPINE_QUARTILES = "#8B8B8B"
COMPARATOR_LINE = "#0b0c0c"


def benchmark_colour(label: str | None, palette: Palette = "fingertips") -> str:
    base = ACCESSIBLE if palette == "accessible" else FINGERTIPS
    if label in base:
        return base[label]
    return QUINTILES.get(label or "", base["Not compared"])


def _luminance(hex_colour: str) -> float:
    """WCAG 2.2 relative luminance of '#RRGGBB'."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background``."""
    return (
        "#0b0c0c"
        if contrast_ratio(background, "#0b0c0c") >= contrast_ratio(background, "#ffffff")
        else "#ffffff"
    )


def colour_table(palette: Palette) -> dict[str, tuple[str, str]]:
    """label → (background, text colour) for every benchmark label."""
    base = ACCESSIBLE if palette == "accessible" else FINGERTIPS
    labels = {**QUINTILES, **base}
    return {label: (colour, text_colour(colour)) for label, colour in labels.items()}
