"""Composite indices: a pure, vectorised engine (OECD/JRC Handbook on Constructing Composite
Indicators, 2008; COINr as the functional reference) and presets of published indices.

One concept per module: ``spec`` (TOML specs), ``impute``, ``outliers``, ``normalise``,
``weights``, ``aggregate``, ``model`` (the prepared pipeline scoring plans of draws),
``uncertainty`` (Monte Carlo rank intervals), ``sensitivity`` (Sobol' indices via SALib),
``shrinkage`` (the IoD's empirical-Bayes shrinkage), ``summaries`` (IoD local-authority
summaries), ``quadrant`` (need against assets), ``ranks`` (the one tie rule), ``presets``.
No I/O: frames and arrays in, frames and arrays out.
"""

from healthassets.indices.pipeline import IndexResult, build
from healthassets.indices.presets import names as preset_names
from healthassets.indices.presets import preset
from healthassets.indices.quadrant import quadrants
from healthassets.indices.ranks import deciles, rank_descending
from healthassets.indices.sensitivity import SobolResult, sobol
from healthassets.indices.shrinkage import shrink_proportions
from healthassets.indices.spec import Domain, IndexSpec, Indicator, Level, Uncertainty, parse_spec
from healthassets.indices.summaries import local_authority_summaries
from healthassets.indices.uncertainty import RankInterval, monte_carlo

__all__ = [
    "Domain",
    "IndexResult",
    "IndexSpec",
    "Indicator",
    "Level",
    "RankInterval",
    "SobolResult",
    "Uncertainty",
    "build",
    "deciles",
    "local_authority_summaries",
    "monte_carlo",
    "parse_spec",
    "preset",
    "preset_names",
    "quadrants",
    "rank_descending",
    "shrink_proportions",
    "sobol",
]
