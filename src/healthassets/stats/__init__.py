"""Fingertips-grade public-health statistics, vectorised over whole columns.

Each function takes a DataFrame and column names and returns a DataFrame whose confidence-limit
columns use PHEindicatormethods' names (``lower95_0cl``, ``upper95_0cl``, ``lower99_8cl``, …).
"""

from healthassets.stats._frame import ci_columns, ci_label, confidence_levels
from healthassets.stats.ci import (
    byars_limits,
    exact_poisson_limits,
    poisson_limits,
    t_limits,
    wilson_limits,
    z_value,
)
from healthassets.stats.dsr import DSRWarning, dsr, esp2013
from healthassets.stats.funnel import funnel_limits, funnel_points, funnel_significance
from healthassets.stats.isr import isr, isratio
from healthassets.stats.life_expectancy import LifeExpectancyWarning, life_expectancy
from healthassets.stats.mean import mean
from healthassets.stats.proportion import proportion
from healthassets.stats.quantiles import QuantileWarning, quantiles
from healthassets.stats.rate import rate
from healthassets.stats.sii import SIIWarning, sii

__all__ = [
    "DSRWarning",
    "LifeExpectancyWarning",
    "QuantileWarning",
    "SIIWarning",
    "byars_limits",
    "ci_columns",
    "ci_label",
    "confidence_levels",
    "dsr",
    "esp2013",
    "exact_poisson_limits",
    "funnel_limits",
    "funnel_points",
    "funnel_significance",
    "isr",
    "isratio",
    "life_expectancy",
    "mean",
    "poisson_limits",
    "proportion",
    "quantiles",
    "rate",
    "sii",
    "t_limits",
    "wilson_limits",
    "z_value",
]
