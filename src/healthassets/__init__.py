"""healthassets — asset-based community health in Python.

Public API: ``healthassets.stats`` (Fingertips-grade statistics), ``healthassets.benchmark``
(comparisons and recent trends), ``healthassets.errors`` (the failure modes).
"""

from healthassets.errors import HealthAssetsError, InputError

__version__ = "0.1.0"
__all__ = ["HealthAssetsError", "InputError", "__version__"]
