"""How many assets were published at given times, from their moderation history (pure).

An asset counts from each step *to* "published" until the next step *from* "published" (or its
deletion); an asset published without any recorded step (bulk-loaded) counts from its creation.
With the events e_i = +1 at a step to published, −1 at a step from published or a deletion of a
published asset, the count at time t is Σ_{at_i ≤ t} e_i (one cumulative sum, searched for every t).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd


def published_counts(
    steps: pd.DataFrame, assets: pd.DataFrame, times: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """Assets published at each of ``times`` (``steps``: asset_id, at, from_status, to_status;
    ``assets``: id, status, created_at, deleted_at; times and ``at`` as UTC timestamps)."""
    when = pd.to_datetime(steps["at"], utc=True)
    up = when[(steps["to_status"] == "published").to_numpy()]
    down = when[
        (steps["from_status"] == "published").to_numpy() & (steps["to_status"] != "published").to_numpy()
    ]
    stepped = set(steps["asset_id"])
    quiet = assets[~assets["id"].isin(stepped) & (assets["status"] == "published")]
    born = pd.to_datetime(quiet["created_at"], utc=True)
    gone = pd.to_datetime(assets.loc[assets["status"] == "published", "deleted_at"], utc=True).dropna()
    stamps = pd.concat([up, born, down, gone], ignore_index=True)
    signs = np.concatenate([np.ones(len(up) + len(born)), -np.ones(len(down) + len(gone))])
    order = np.argsort(stamps.to_numpy(), kind="stable")
    ordered = stamps.to_numpy()[order]
    running = np.concatenate([[0], np.cumsum(signs[order])])
    at = pd.to_datetime(pd.Series(np.asarray(times)), utc=True).to_numpy()
    return running[np.searchsorted(ordered, at, side="right")].astype(np.int64)
