"""The workflow's states: which status changes are allowed, enforced in one place.

Every service that changes the status of an organization, a revision, a membership (a claim
is a pending owner membership), a vetting request or a report calls ``transition``; none
sets ``.status`` itself. A record is created in its first state (a new listing as draft or
pending, a claim as pending...); from then on only the pairs below are possible.
docs/workflow.md shows the same table for people, and tests/test_workflow.py tries every pair.
"""

from __future__ import annotations

from directory.models import (
    GuideRevision,
    Membership,
    MembershipStatus,
    Organization,
    OrganizationStatus,
    Report,
    ReportStatus,
    Revision,
    RevisionStatus,
    VettingRequest,
    VettingStatus,
)

_Org, _Rev, _Mem = OrganizationStatus, RevisionStatus, MembershipStatus

Subject = Organization | Revision | GuideRevision | Membership | VettingRequest | Report

TRANSITIONS: dict[type, frozenset[tuple[str, str]]] = {
    Organization: frozenset(
        {
            (_Org.DRAFT, _Org.DRAFT),  # a new listing saved again as a draft
            (_Org.DRAFT, _Org.PENDING),  # submitted for review
            (_Org.PENDING, _Org.PENDING),  # submitted again while waiting
            (_Org.PENDING, _Org.DRAFT),  # saved as a draft again, or sent back by a moderator
            (_Org.PENDING, _Org.PUBLISHED),  # approved
            (_Org.PUBLISHED, _Org.ARCHIVED),  # taken down by a moderator
            (_Org.ARCHIVED, _Org.PUBLISHED),  # restored by a moderator
        }
    ),
    Revision: frozenset(
        {
            (_Rev.DRAFT, _Rev.DRAFT),
            (_Rev.DRAFT, _Rev.PENDING),
            (_Rev.PENDING, _Rev.PENDING),
            (_Rev.PENDING, _Rev.DRAFT),
            (_Rev.PENDING, _Rev.APPROVED),
            (_Rev.PENDING, _Rev.REJECTED),
            (_Rev.PENDING, _Rev.CHANGES_REQUESTED),
            (_Rev.REJECTED, _Rev.DRAFT),
            (_Rev.REJECTED, _Rev.PENDING),
            (_Rev.CHANGES_REQUESTED, _Rev.DRAFT),
            (_Rev.CHANGES_REQUESTED, _Rev.PENDING),
        }
    ),
    Membership: frozenset(
        {
            (_Mem.PENDING, _Mem.ACTIVE),  # claim approved, or an invitation accepted
            (_Mem.ACTIVE, _Mem.REMOVED),  # an owner removed the editor
            (_Mem.REMOVED, _Mem.ACTIVE),  # invited again, and accepted
        }
    ),
    VettingRequest: frozenset(
        {
            (VettingStatus.PENDING, VettingStatus.APPROVED),
            (VettingStatus.PENDING, VettingStatus.REFUSED),
        }
    ),
    Report: frozenset({(ReportStatus.OPEN, ReportStatus.RESOLVED)}),
}

# A guide's revisions (docs/guides.md) move exactly as a listing's do.
TRANSITIONS[GuideRevision] = TRANSITIONS[Revision]


class TransitionRefused(Exception):
    """A status change the workflow does not allow: nothing was changed."""

    def __init__(self, subject: Subject, to: str) -> None:
        kind = type(subject).__name__
        super().__init__(f"{kind} {subject.id}: {subject.status} → {to} is not allowed")
        self.subject = subject
        self.to = to


def is_allowed(subject: Subject, to: str) -> bool:
    return (subject.status, to) in TRANSITIONS[type(subject)]


def transition(subject: Subject, to: str) -> None:
    """Move ``subject`` to status ``to``, or raise ``TransitionRefused`` and change nothing."""
    if not is_allowed(subject, to):
        raise TransitionRefused(subject, to)
    subject.status = to
