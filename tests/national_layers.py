"""A copy of the bundled data whose national asset layers are cut to a few authorities and declared
mapped only there (docs/adr/0051), so tests that load the register stay fast: the whole national
load writes about 900,000 indicator values for the 43,000 areas of England and Wales.

The bundled declaration (England and Wales) is checked by tests/assets/test_classification.py; the
national files are read whole by tests/io/test_assets_national.py and merged whole by
tests/services/test_asset_layers.py.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from tests.conftest import DATA

#: Cornwall, the Isle of Anglesey and Trafford (where the national and GM layers overlap)
AUTHORITIES = ("E06000052", "W06000001", "E08000009")


def national_cut(
    root: Path, authorities: Iterable[str] = AUTHORITIES, layers: Iterable[str] | None = None
) -> Path:
    """``root`` made a data folder: every bundled folder linked, except ``assets/``, which holds the
    layers of the classification (all, or ``layers``) with the national files cut to ``authorities``
    (by their ``lad24_code``) and their coverage declared as those authorities."""
    wanted = list(authorities)
    root.mkdir(parents=True, exist_ok=True)
    for folder in DATA.iterdir():
        if folder.is_dir() and folder.name not in {"assets", "assets_national"}:
            (root / folder.name).symlink_to(folder)
    (root / "assets").mkdir()
    (root / "assets_national").mkdir()
    mapping = pd.read_csv(DATA / "assets" / "classification.csv", dtype=str, keep_default_na=False)
    if layers is not None:
        mapping = mapping[mapping["layer"].isin(list(layers))].copy()
    national = mapping["file"].str.startswith("../")
    for file in mapping.loc[~national, "file"]:
        (root / "assets" / file).symlink_to(DATA / "assets" / file)
    for file in mapping.loc[national, "file"]:
        rows = pd.read_csv(DATA / "assets" / file, dtype=str, keep_default_na=False)
        with gzip.open(root / "assets" / file, "wt", encoding="utf-8") as handle:
            rows[rows["lad24_code"].isin(wanted)].to_csv(handle, index=False)
    mapping.loc[national & (mapping["coverage"] != ""), "coverage"] = ";".join(wanted)
    mapping.to_csv(root / "assets" / "classification.csv", index=False)
    return root
