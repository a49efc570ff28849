"""English and Welsh: message catalogues (Babel ``.po`` files read at start-up) and locale-aware
formatting of numbers and dates (the catalogues themselves: :mod:`healthassets.i18n`).

The language of a request is the ``lang`` query parameter (``cy`` or ``en``; links keep it so a
Welsh page's URL stays Welsh), else English. ``gettext`` reads the current language from a context
variable set per request, so Jinja2's ``{{ _("…") }}`` and Python code share one catalogue.
Add strings with ``_()`` in templates or code, then the Welsh in
``web/locale/cy/LC_MESSAGES/messages.po`` (a test fails while any string is untranslated).
"""

from __future__ import annotations

import math
from datetime import date, datetime

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from healthassets.i18n import LANGUAGES as LANGUAGES
from healthassets.i18n import LOCALE_DIR as LOCALE_DIR
from healthassets.i18n import catalogue as catalogue
from healthassets.i18n import current_language as current_language
from healthassets.i18n import gettext as gettext
from healthassets.i18n import ngettext as ngettext
from healthassets.i18n import pick_language as pick_language

#: the Babel locale each language formats numbers and dates with (British English, Welsh)
FORMAT_LOCALE = {"en": "en_GB", "cy": "cy_GB"}


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
