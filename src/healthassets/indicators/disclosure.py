"""Disclosure control: how a missing or suppressed value is shown, everywhere (pages, API, CSV).

A value row without a value is *suppressed* when its indicator applies disclosure control (its
metadata's ``disclosure_control`` text says so — anything but empty, "None applied" or "not
required"), else it has *no value*. A suppressed row never shows its count, denominator or limits,
so a small number cannot be read back from them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SUPPRESSED = "suppressed"
NO_VALUE = "no value"
SHOWN = "value"

_NOT_APPLIED = r"^\s*$|^\s*none\b|not required|^\s*n/?a\s*$"


def applies_disclosure_control(disclosure_text: pd.Series) -> pd.Series:
    """True where an indicator's disclosure-control note describes real suppression."""
    text = disclosure_text.fillna("").astype(str)
    return ~text.str.contains(_NOT_APPLIED, case=False, regex=True)


def apply_disclosure(values: pd.DataFrame, controlled: pd.Series) -> pd.DataFrame:
    """Add ``value_status`` (value / suppressed / no value) and blank the numbers of rows without a
    value. ``controlled``: indicator id → whether it applies disclosure control."""
    out = values.copy()
    missing = out["value"].isna().to_numpy()
    is_controlled = out["indicator_id"].map(controlled).fillna(False).astype(bool).to_numpy()
    out["value_status"] = np.where(~missing, SHOWN, np.where(is_controlled, SUPPRESSED, NO_VALUE))
    for column in ("count", "denominator", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"):
        if column in out:
            out.loc[missing, column] = np.nan
    return out
