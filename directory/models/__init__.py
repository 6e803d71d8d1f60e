"""All models, importable from one place (Alembic autogenerate needs them all loaded)."""

from directory.models.demand import SearchDemand
from directory.models.duplicate import DuplicateKey
from directory.models.geocode import GeocodeCacheEntry
from directory.models.guide import SECTIONS as GUIDE_SECTIONS
from directory.models.guide import Guide, GuideKind, GuideRevision
from directory.models.invitation import Invitation
from directory.models.moderation import (
    AuditEvent,
    Report,
    ReportReason,
    ReportStatus,
    Revision,
    RevisionStatus,
)
from directory.models.organization import (
    SELF_REFERRAL_AGES,
    AreaKind,
    CapacityStatus,
    ContactVisibility,
    FirstResponse,
    ListingSource,
    Location,
    Organization,
    OrganizationStatus,
    ReferralContact,
    ReferralMethod,
    Service,
    ServiceArea,
)
from directory.models.partnership import (
    PartnershipMessage,
    PartnershipNotice,
    PartnershipPurpose,
    PartnershipRequest,
    PartnershipStatus,
)
from directory.models.saved_search import SavedSearch, SavedSearchAlert
from directory.models.search import SearchChange, SearchDocument, SearchState
from directory.models.shortlist import ShortlistEntry
from directory.models.taxonomy import (
    Labelled,
    Province,
    ProvinceLike,
    TaxonomyTerm,
    TermLike,
    Vocabulary,
)
from directory.models.user import (
    AccountKind,
    AnonymousViewer,
    Membership,
    MembershipRole,
    MembershipStatus,
    RecoveryCode,
    Role,
    User,
    Viewer,
)
from directory.models.vetting import VettingRequest, VettingStatus

__all__ = [
    "DuplicateKey",
    "AccountKind",
    "AreaKind",
    "CapacityStatus",
    "AuditEvent",
    "ContactVisibility",
    "FirstResponse",
    "GeocodeCacheEntry",
    "GUIDE_SECTIONS",
    "Guide",
    "GuideKind",
    "GuideRevision",
    "Invitation",
    "SavedSearch",
    "SavedSearchAlert",
    "ListingSource",
    "Location",
    "Membership",
    "MembershipRole",
    "MembershipStatus",
    "Organization",
    "OrganizationStatus",
    "PartnershipMessage",
    "PartnershipNotice",
    "PartnershipPurpose",
    "PartnershipRequest",
    "PartnershipStatus",
    "Labelled",
    "Province",
    "ProvinceLike",
    "TermLike",
    "RecoveryCode",
    "SELF_REFERRAL_AGES",
    "ReferralContact",
    "ReferralMethod",
    "Report",
    "ReportReason",
    "ReportStatus",
    "Revision",
    "RevisionStatus",
    "Role",
    "SearchDemand",
    "SearchChange",
    "SearchDocument",
    "SearchState",
    "Service",
    "ServiceArea",
    "ShortlistEntry",
    "TaxonomyTerm",
    "AnonymousViewer",
    "User",
    "Viewer",
    "VettingRequest",
    "VettingStatus",
    "Vocabulary",
]
