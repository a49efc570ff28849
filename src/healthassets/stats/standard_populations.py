"""Standard populations for direct standardisation: the European Standard Population 2013.

ESP2013 (Eurostat 2013, "Revision of the European Standard Population", Methodologies and Working
Papers) has 19 five-year bands, 0-4 … 85-89 and 90+, summing to 100,000. A DSR's rows are joined
to its bands by label (spaces ignored) when every row's band is one of these labels (ADR 0071).
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from healthassets.errors import InputError


def esp2013() -> pd.Series:
    """The European Standard Population 2013: 19 bands (0-4 … 90+) indexed by band label."""
    with resources.files("healthassets.stats").joinpath("data/esp2013.csv").open() as handle:
        table = pd.read_csv(handle)
    return pd.Series(table["esp2013"].to_numpy(dtype=float), index=table["ageband"], name="esp2013")


def esp2013_positions(labels: pd.Series) -> np.ndarray:
    """Position (0 … 18) of each age band label among ESP2013's ('0-4' … '90+'; spaces ignored),
    −1 where a label is missing or not one of them."""
    keys = labels.astype("string").str.replace(" ", "", regex=False)
    return np.asarray(pd.Index(esp2013().index).get_indexer(keys), dtype=np.int64)


def check_each_band_once(rows: np.ndarray, band_bits: np.ndarray, first_row: np.ndarray | None) -> None:
    """Every group joined to ESP2013 by label has each of the 19 bands once: ``rows`` per group is
    19 and ``band_bits`` (the group's sum of 2^position) is 2^19 − 1 — with 19 rows only distinct
    bands sum to it. ``first_row`` (0-based, when known) locates the first bad group."""
    size = esp2013().size
    bad = np.flatnonzero((rows != size) | (band_bits != 2**size - 1))
    if bad.size:
        count = int(rows[bad[0]])
        reason = f"this group has {count}" if count != size else "this group repeats a band"
        raise InputError(
            f"the ESP2013 standard needs {size} age bands per group, each once (joined by label); {reason}",
            row=None if first_row is None else int(first_row[bad[0]]) + 1,
        )
