"""Fingertips time periods: parse the labels Fingertips shows into a sortable number.

Forms (Fingertips data downloads): "2019" (calendar), "2019/20" (financial or academic),
"2017 - 19" (rolling calendar years), "2017/18 - 19/20" (rolling financial years), "2020 Q1",
"2019/20 Q3" (quarters), "Jan 2020", "2019/20 Jan" (months), "2020 Jan - Mar"… The sortable number
is the Fingertips "Time period Sortable": start year × 10000 + quarter or month × 100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_END = r"(?:\s*-\s*(?:(?:\d{2}|\d{4})(?:/\d{2})?(?:\s+(?:q[1-4]|[a-z]{3}))?|[a-z]{3}(?:\s+\d{4})?))?"
PATTERNS = [
    rf"^(?P<year>\d{{4}})(?:/(?P<next>\d{{2}}))?(?:\s+(?:q(?P<quarter>[1-4])|{_MONTH}))?{_END}$",
    rf"^{_MONTH}\s+(?P<year>\d{{4}}){_END}$",
]


def period_sortable(periods: pd.Series) -> pd.Series:
    """Sortable integers for period labels (missing where a label is malformed or empty).

    Each distinct label is parsed once (a column holds few distinct periods)."""
    codes, uniques = pd.factorize(periods.astype("string"), use_na_sentinel=True)
    parsed = _parse(pd.Series(uniques.astype(object)))
    values = parsed.to_numpy(dtype=float, na_value=np.nan)
    out = np.where(codes >= 0, values[np.maximum(codes, 0)] if values.size else np.nan, np.nan)
    return pd.Series(out, index=periods.index).astype("Int64")


def _parse(periods: pd.Series) -> pd.Series:
    text = periods.astype("string").str.strip().str.lower()
    out = pd.Series(np.nan, index=periods.index)
    for pattern in PATTERNS:
        parts = text.str.extract(pattern)
        year = pd.to_numeric(parts["year"], errors="coerce").astype(float)
        quarter = pd.to_numeric(parts.get("quarter"), errors="coerce") if "quarter" in parts else 0
        month = parts["month"].map(MONTHS) if "month" in parts else 0
        sub = pd.Series(quarter, index=periods.index).fillna(0) + pd.Series(
            month, index=periods.index
        ).fillna(0)
        value = (year * 10000 + sub * 100).astype(float)
        if "next" in parts:
            # "2019/20": the second year must follow the first ("2019/21" is malformed)
            following = pd.to_numeric(parts["next"], errors="coerce")
            value = value.where(following.isna() | (following == (year + 1) % 100))
        out = out.fillna(value)
    plausible = (out >= 1800_0000) & (out <= 2200_0000)
    return out.where(plausible).astype("Int64")


def financial_label(year: pd.Series) -> pd.Series:
    """'2018/19' for 2018."""
    y = year.astype(int)
    return y.astype(str) + "/" + ((y + 1) % 100).astype(str).str.zfill(2)


def period_labels(year: pd.Series, period_type: pd.Series) -> pd.Series:
    """Fingertips period labels from a start year and the indicator's period type.

    Calendar → '2018'; Financial, Academic, Financial year end point, and 'Yearly' (Active Lives,
    November to November) → '2018/19'; Financial multi-year (five years cumulative) →
    '2018/19 - 22/23'.
    """
    kind = period_type.fillna("").str.strip().str.lower()
    y = year.astype(int)
    label = y.astype(str)
    split = kind.isin(["financial", "academic", "financial year end point", "yearly"])
    label = label.mask(split, financial_label(y))
    multi = kind == "financial multi-year"
    end = financial_label(y + 4).str.slice(2)
    label = label.mask(multi, financial_label(y) + " - " + end)
    return label
