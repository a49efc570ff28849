"""The database schema (SQLAlchemy 2 declarative models). store/ is the only place that writes SQL."""

from healthassets.store.models.areas import Area, AreaParent, AreaSuccessor, AreaType
from healthassets.store.models.assets import (
    Asset,
    AssetArea,
    AssetDimension,
    AssetFiveWays,
    AssetKind,
    AssetRevision,
    AssetServedArea,
    AssetSource,
    AssetStatusChange,
    AuditEntry,
    CoverageArea,
    Story,
    User,
)
from healthassets.store.models.base import Base
from healthassets.store.models.derived import (
    DerivedAreaValue,
    DerivedIndicatorType,
    DerivedInequality,
    DerivedRegionValue,
    DerivedSpine,
    DerivedState,
    IndexSensitivity,
)
from healthassets.store.models.indicators import Indicator
from healthassets.store.models.plans import Plan, PlanInvitation
from healthassets.store.models.profiles import Domain, DomainIndicator, Profile
from healthassets.store.models.sessions import UserSession
from healthassets.store.models.shared import ChangeCounter, JobLease, RateLimit, SiteKey
from healthassets.store.models.values import ImportBatch, IndicatorValue

__all__ = [
    "Area",
    "AreaParent",
    "AreaSuccessor",
    "AreaType",
    "Asset",
    "AssetArea",
    "AssetDimension",
    "AssetFiveWays",
    "AssetKind",
    "AssetRevision",
    "AssetServedArea",
    "AssetSource",
    "AssetStatusChange",
    "AuditEntry",
    "Base",
    "ChangeCounter",
    "CoverageArea",
    "DerivedAreaValue",
    "DerivedIndicatorType",
    "DerivedInequality",
    "DerivedRegionValue",
    "DerivedSpine",
    "DerivedState",
    "Domain",
    "DomainIndicator",
    "ImportBatch",
    "IndexSensitivity",
    "Indicator",
    "IndicatorValue",
    "JobLease",
    "Plan",
    "PlanInvitation",
    "Profile",
    "RateLimit",
    "SiteKey",
    "Story",
    "User",
    "UserSession",
]
