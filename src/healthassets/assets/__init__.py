"""The community asset register's pure core: vocabulary, layer classification, record validation."""

from healthassets.assets.classification import LayerRule, parse_classification
from healthassets.assets.records import ASSET_COLUMNS, AssetTable, validate_assets
from healthassets.assets.vocabulary import AssetType, Dimension, FiveWays, Role, Status

__all__ = [
    "ASSET_COLUMNS",
    "AssetTable",
    "AssetType",
    "Dimension",
    "FiveWays",
    "LayerRule",
    "Role",
    "Status",
    "parse_classification",
    "validate_assets",
]
