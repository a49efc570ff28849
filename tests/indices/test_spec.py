"""Spec validation: every problem names its field."""

from __future__ import annotations

import pytest

from healthassets.errors import InputError
from healthassets.indices.spec import parse_spec

BASE = '[[indicators]]\ncolumn = "a"\n'


def test_defaults_and_weights_mode() -> None:
    spec = parse_spec(BASE + '[[indicators]]\ncolumn = "b"\n')
    assert (spec.normalise, spec.aggregate, spec.weights, spec.impute) == ("minmax", "mean", "equal", "none")
    weighted = parse_spec(BASE + "weight = 2\n")
    assert weighted.weights == "given" and weighted.indicators[0].weight == 2.0


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("normalize = 'minmax'\n" + BASE, "'normalize': unknown field"),
        ("normalise = 'max'\n" + BASE, "'normalise': must be one of"),
        (BASE + "direction = 2\n", "'indicators[0].direction': must be 1 or -1"),
        (BASE + "weight = 'heavy'\n", "'indicators[0].weight': must be a number"),
        (BASE + "colour = 'red'\n", "'indicators[0].colour': unknown field"),
        ("weights = 'equal'\n" + BASE + "weight = 1\n", "'weights': is 'equal'"),
        (BASE + "domain = 'x'\n", "'indicators[0].domain': names a domain"),
        (BASE + "domain = 'x'\n[[domains]]\nname = 'y'\n", "'indicators[0].domain': must name one of"),
        ("normalise = 'goalposts'\n" + BASE, "'indicators[0].goalposts': is needed"),
        (BASE + "goalposts = [1]\n", "'indicators[0].goalposts': must be two numbers"),
        (BASE + "[uncertainty]\nweight_uncertainty = 1.5\n", "'uncertainty.weight_uncertainty'"),
        (BASE + "[uncertainty]\nnormalise = ['minmax', 'bogus']\n", "'uncertainty.normalise[1]'"),
        ("slug = 'x'\n", "'indicators': at least one"),
        (BASE + "[store]\nlevels = ['lsoa']\n", "'indicators[0].indicator': is needed"),
        (BASE + "indicator = 1\n[store]\nlevels = ['county']\n", "'store.levels[0]': must be one of"),
        (BASE + "indicator = 1\n[store]\nlevels = []\n", "'store.levels': must list at least one"),
        (BASE + "indicator = 1\n[store]\nlevels = ['ltla']\ncountries = ['S']\n", "'store.countries[0]'"),
        (BASE + "indicator = 1\n[store]\nlevels = ['ltla']\nvalues = 'ranks'\n", "'store.values'"),
        (BASE + "indicator = 'x'\n", "'indicators[0].indicator': must be a whole number"),
        (BASE + '[[indicators]]\ncolumn = "a"\n', "'indicators[1].column': 'a' is listed twice"),
    ],
)
def test_errors_name_the_field(text: str, field: str) -> None:
    with pytest.raises(InputError, match=r"^my\.toml: field ") as raised:
        parse_spec(text, source="my.toml")
    assert field in str(raised.value)


def test_toml_syntax_errors_name_the_file() -> None:
    with pytest.raises(InputError, match=r"my\.toml: not valid TOML"):
        parse_spec("slug = ", source="my.toml")


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("goalposts = [5, 5]\n", "goalposts': must be two different"),
        ("reference = 0\n", "reference': a reference of 0"),
    ],
)
def test_parameters_that_cannot_scale_are_refused(line: str, field: str) -> None:
    with pytest.raises(InputError, match=field):
        parse_spec(BASE + line)
