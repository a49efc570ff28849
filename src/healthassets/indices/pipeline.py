"""Build an index: the nominal scores with every intermediate table, and optionally its ranks'
uncertainty. This is the one entry point the CLI, services and analysts use::

    from healthassets import indices
    result = indices.build(frame, indices.preset("imd2025"))
    result.table()        # id, score, rank, decile in input order

Ranks are 1 = highest score with ties sharing the smallest rank, over the areas that have a
score; deciles are ⌈10 · rank / n⌉ (``ranks.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from healthassets.indices.model import Model, prepare
from healthassets.indices.ranks import deciles, rank_descending
from healthassets.indices.spec import IndexSpec
from healthassets.indices.uncertainty import RankInterval, monte_carlo


@dataclass(frozen=True)
class IndexResult:
    """The nominal index and its intermediate tables (areas in input order, indicators as
    columns), COINr's "coin" as data frames."""

    spec: IndexSpec
    model: Model
    ids: pd.Index
    imputed: pd.DataFrame
    imputed_counts: pd.Series
    treated: pd.DataFrame
    treatment: pd.DataFrame
    normalised: pd.DataFrame
    weights: pd.Series
    domains: pd.DataFrame
    score: pd.Series
    rank: pd.Series
    decile: pd.Series
    geometric_shift: float | None
    uncertainty: RankInterval | None = None

    def table(self) -> pd.DataFrame:
        """``id``, ``score``, ``rank``, ``decile`` (and with uncertainty ``rank_median``,
        ``rank_lower``, ``rank_upper``), one row per area in input order."""
        frame = pd.DataFrame(
            {
                "id": self.ids,
                "score": self.score.to_numpy(),
                "rank": self.rank.astype("Int64").to_numpy(),
                "decile": self.decile.astype("Int64").to_numpy(),
            }
        )
        if self.uncertainty is not None:
            frame["rank_median"] = self.uncertainty.median
            frame["rank_lower"] = self.uncertainty.lower
            frame["rank_upper"] = self.uncertainty.upper
        return frame


def build(
    data: pd.DataFrame,
    spec: IndexSpec,
    *,
    ids: pd.Series | None = None,
    groups: np.ndarray | None = None,
    draws: int | None = None,
) -> IndexResult:
    """The index ``spec`` on ``data`` (one row per area; float indicator columns).

    ``ids`` label the areas (default: ``spec.id_column`` of ``data``, else the row position);
    ``groups`` are the parents for group-mean imputation (default: ``spec.impute_group``);
    ``draws`` overrides the spec's number of Monte Carlo draws (0: none).
    """
    if groups is None and spec.impute_group:
        groups = data[spec.impute_group].to_numpy()
    model = prepare(data, spec, groups)
    scores, domain_scores = model.scores(model.nominal_plan())
    score = scores[0]
    rank = rank_descending(score)
    present = int(np.count_nonzero(~np.isnan(score)))
    labels = ids if ids is not None else (data[spec.id_column] if spec.id_column else pd.Series(data.index))
    index = pd.Index(labels.to_numpy(), name="id")
    stage = model.stages[0, 0]
    count = draws if draws is not None else spec.uncertainty.draws
    interval = None
    if count:
        interval = monte_carlo(model, count, spec.uncertainty.weight_uncertainty, spec.uncertainty.seed)

    def frame(values: np.ndarray, columns: list[str]) -> pd.DataFrame:
        return pd.DataFrame(values.T, index=index, columns=columns)

    return IndexResult(
        spec=spec,
        model=model,
        ids=index,
        imputed=frame(stage.imputed, model.columns),
        imputed_counts=pd.Series(stage.imputed_counts, index=model.columns, name="imputed"),
        treated=frame(stage.treated, model.columns),
        treatment=pd.DataFrame(
            {"treatment": stage.treatment, "winsorised": stage.winsorised}, index=model.columns
        ),
        normalised=frame(stage.normalised, model.columns),
        weights=pd.Series(model.weights, index=model.columns, name="weight"),
        domains=frame(domain_scores[0], model.domain_names),
        score=pd.Series(score, index=index, name="score"),
        rank=pd.Series(rank, index=index, name="rank"),
        decile=pd.Series(deciles(rank, present), index=index, name="decile"),
        geometric_shift=model.shifts.get((0, 0, 0)),
        uncertainty=interval,
    )
