"""English and Welsh: message catalogues (Babel ``.po`` files read at start-up) and locale-aware
formatting of numbers and dates.

The language of a request is the ``lang`` query parameter (``cy`` or ``en``; links keep it so a
Welsh page's URL stays Welsh), else English. ``gettext`` reads the current language from a context
variable set per request, so Jinja2's ``{{ _("…") }}`` and Python code share one catalogue.
Add strings with ``_()`` in templates or code, then the Welsh in
``web/locale/cy/LC_MESSAGES/messages.po`` (a test fails while any string is untranslated).
"""

from __future__ import annotations

import math
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = ("en", "cy")
#: the Babel locale each language formats numbers and dates with (British English, Welsh)
FORMAT_LOCALE = {"en": "en_GB", "cy": "cy_GB"}
LOCALE_DIR = Path(__file__).parent / "locale"
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


def format_number(value: object, decimals: int = 1) -> str:
    """A number with grouping and ``decimals`` places in the current locale; '' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(float(value), format=pattern, locale=FORMAT_LOCALE[current_language.get()])  # type: ignore[arg-type]


def format_day(value: date | datetime | str | None) -> str:
    """A date in words in the current locale (e.g. '3 March 2025', '3 Mawrth 2025')."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    return str(format_date(value, format="long", locale=FORMAT_LOCALE[current_language.get()]))


def language_name(language: str) -> str:
    return Locale.parse(language).get_display_name(language) or language
