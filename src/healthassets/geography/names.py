"""Place names as people type them: the key two spellings of one name share.

``search_key("Ynys Môn") == search_key("ynys mon")`` and ``search_key("St. Helens") ==
search_key("st helens") == search_key("Saint Helens")``: Unicode compatibility decomposition (NFKD)
with the combining marks dropped (so â, ô, ŵ, ŷ match a, o, w, y — Welsh circumflexes are often left
out when typing), case folded, ``&`` read as "and", punctuation as spaces, "saint" as "st", spaces
collapsed. Vectorised over a pandas Series by :func:`search_keys`.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_SAINT = re.compile(r"\bsaint\b")


def search_key(text: str | None) -> str:
    """The comparable form of one name (see the module docstring); '' for a missing name."""
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    bare = _PUNCTUATION.sub(" ", bare.replace("&", " and "))
    return _SPACES.sub(" ", _SAINT.sub("st", bare)).strip()


_COMBINING = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"


def search_keys(names: pd.Series) -> pd.Series:
    """:func:`search_key` of every name, with pandas' vectorised string methods (missing → '')."""
    text = (
        names.fillna("")
        .astype("string[pyarrow]")
        .str.normalize("NFKD")
        .str.replace(_COMBINING, "", regex=True)
    )
    text = text.str.casefold().str.replace("&", " and ", regex=False)
    text = text.str.replace(r"[^\w\s]|_", " ", regex=True).str.replace(r"\bsaint\b", "st", regex=True)
    return text.str.replace(r"\s+", " ", regex=True).str.strip()
