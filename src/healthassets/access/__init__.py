"""Access to assets per small area: nearest distance, count within a distance, 2SFCA (pure, vectorised)."""

from healthassets.access.fca import FcaResult, decay_weights, two_step_fca
from healthassets.access.nearest import by_group, count_within, nearest_distance
from healthassets.access.projection import from_british_national_grid, to_british_national_grid

__all__ = [
    "FcaResult",
    "by_group",
    "count_within",
    "decay_weights",
    "from_british_national_grid",
    "nearest_distance",
    "to_british_national_grid",
    "two_step_fca",
]
