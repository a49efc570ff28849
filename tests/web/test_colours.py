import pytest

from healthassets.web.colours import FINGERTIPS, PALETTES, benchmark_colour, colour_table, contrast_ratio


def test_fingertips_colours_are_the_published_ones() -> None:
    assert FINGERTIPS == {
        "Better": "#92D050",
        "Similar": "#FFC000",
        "Worse": "#C00000",
        "Higher": "#BED2FF",
        "Lower": "#5555E6",
        "Not compared": "#C9C9C9",
    }


@pytest.mark.parametrize("palette", PALETTES)
def test_label_text_meets_wcag_aa_on_every_swatch(palette: str) -> None:
    for label, (background, text) in colour_table(palette).items():  # type: ignore[arg-type]
        assert contrast_ratio(background, text) >= 4.5, (palette, label)


def test_accessible_palette_differs_and_unknown_is_grey() -> None:
    assert benchmark_colour("Better", "accessible") != benchmark_colour("Better")
    assert benchmark_colour("nonsense") == "#C9C9C9"
