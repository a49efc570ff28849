"""English and Welsh message catalogues, shared by every shell (web pages, the JSON API).

Babel ``.po`` files under ``web/locale`` are read once per language. ``gettext`` reads the current
language from a context variable set per request (``?lang=cy``, see the web's LanguageMiddleware),
so templates, pages and API responses share one catalogue. The locale-aware number and date
formats of the pages live in :mod:`healthassets.web.i18n`.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("en", "cy")
LOCALE_DIR = Path(__file__).parent / "web" / "locale"
current_language: ContextVar[str] = ContextVar("current_language", default="en")


@cache
def catalogue(language: str) -> dict[str, str]:
    """msgid → translation for ``language`` (empty for English, the source language)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == "en" or not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def gettext(message: str) -> str:
    """``message`` in the current language (itself when there is no translation)."""
    return catalogue(current_language.get()).get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def pick_language(requested: str | None) -> str:
    return requested if requested in LANGUAGES else "en"
