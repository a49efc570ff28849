import importlib.util
from pathlib import Path

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
