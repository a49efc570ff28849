import importlib.util
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from healthassets.web.i18n import catalogue, current_language, format_day, format_number, gettext

ROOT = Path(__file__).resolve().parents[2]


def load_extractor():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("update_messages", ROOT / "scripts" / "update_messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_interface_string_has_welsh() -> None:
    extracted = {m.id for m in load_extractor().extract() if m.id}
    assert len(extracted) > 100
    missing = sorted(extracted - set(catalogue("cy")))
    assert missing == [], f"add Welsh for: {missing[:10]}"


def test_gettext_follows_the_current_language() -> None:
    assert gettext("Better") == "Better"
    token = current_language.set("cy")
    try:
        assert gettext("Better") == "Gwell"
        assert gettext("a string nobody translated") == "a string nobody translated"
        assert format_day("2025-03-03") == "3 Mawrth 2025"
        assert format_number(12345.678, 1) == "12,345.7"
    finally:
        current_language.reset(token)
    assert format_day("2025-03-03") == "3 March 2025"
    assert format_number(float("nan")) == ""


@pytest.mark.db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=oldham",
        "/areas/E08000004",
        "/indicators/93015?area=E08000004",
        "/compare?areas=E08000004&indicators=93015",
        "/nowhere",
    ],
)
def test_welsh_pages(site: TestClient, path: str) -> None:
    joiner = "&" if "?" in path else "?"
    page = site.get(f"{path}{joiner}lang=cy")
    assert '<html lang="cy"' in page.text
    assert "prif gynnwys" in page.text  # skip link: Neidio i'r prif gynnwys
    assert "Skip to main content" not in page.text
    assert 'id="lang-switch"' in page.text and ">English<" in page.text
    english = site.get(path)
    assert '<html lang="en"' in english.text and ">Cymraeg<" in english.text


@pytest.mark.db
def test_welsh_links_stay_welsh(site: TestClient) -> None:
    page = site.get("/search?q=oldham&lang=cy")
    assert 'href="/areas/E08000004?lang=cy"' in page.text


@pytest.mark.parametrize("language, locale", [("en", "en_GB"), ("cy", "cy_GB")])
def test_format_number_matches_babel_patterns(language: str, locale: str) -> None:
    """The fast formatter gives Babel's text for the '#,##0.0…' patterns (half-even on the float's
    shortest decimal text), except that a value rounding to zero never shows a minus sign."""
    from babel.numbers import format_decimal

    rng = np.random.default_rng(7)
    values = [0.05, 0.15, 0.25, 0.35, 2.675, 999.95, 1234567.891, -12.25, 1e15]
    values += list(rng.uniform(-1e6, 1e6, 500)) + list(np.round(rng.uniform(-100, 100, 500), 2))
    token = current_language.set(language)
    try:
        for value in values:
            for decimals in (0, 1, 2):
                pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
                if round(abs(value), decimals) == 0:
                    continue  # Babel writes "-0.0" for a small negative value; we write "0.0"
                assert format_number(value, decimals) == format_decimal(value, format=pattern, locale=locale)
        assert format_number(-0.04, 1) == format_number(0.0, 1) == "0.0"
        assert format_number(-0.0, 0) == "0"
    finally:
        current_language.reset(token)
