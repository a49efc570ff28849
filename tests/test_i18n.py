"""The message catalogue shared by the pages and the API."""

from __future__ import annotations

from healthassets.i18n import current_language, gettext, pick_language


def test_gettext_follows_the_request_language() -> None:
    token = current_language.set("cy")
    try:
        assert gettext("Region") != "Region"
    finally:
        current_language.reset(token)
    assert gettext("Region") == "Region"
    assert pick_language("cy") == "cy" and pick_language("fr") == "en"
