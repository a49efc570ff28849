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
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol

from healthassets.i18n import LANGUAGES as LANGUAGES
from healthassets.i18n import LOCALE_DIR as LOCALE_DIR
from healthassets.i18n import catalogue as catalogue
from healthassets.i18n import current_language as current_language
from healthassets.i18n import gettext as gettext
from healthassets.i18n import ngettext as ngettext
from healthassets.i18n import pick_language as pick_language

#: the Babel locale each language formats numbers and dates with (British English, Welsh)
FORMAT_LOCALE = {"en": "en_GB", "cy": "cy_GB"}


@lru_cache(maxsize=8)
def _separators(locale: str) -> tuple[str, str]:
    return get_group_symbol(locale), get_decimal_symbol(locale)


def format_number(value: object, decimals: int = 1) -> str:
    """A number with grouping and ``decimals`` places in the current locale; '' when missing.

    As Babel's ``format_decimal`` with the pattern ``#,##0.0…``: the shortest decimal text of the
    float, rounded half to even, grouped in threes with the locale's symbols (without re-reading the
    locale's pattern on every call: a profile formats hundreds of numbers)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = Decimal(str(float(value)))  # type: ignore[arg-type]
    number = number.quantize(Decimal(1).scaleb(-max(decimals, 0)), ROUND_HALF_EVEN)
    if number == 0:
        number = abs(number)  # no "-0.0"
    text = f"{number:,f}"
    group, point = _separators(FORMAT_LOCALE[current_language.get()])
    if (group, point) == (",", "."):
        return text
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


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
