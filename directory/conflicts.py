"""Four eyes: nobody decides on something they have a stake in.

One rule for every moderator decision (a revision of a listing or of a guide, a claim, a
vetting request, a report, taking a listing down or restoring it):
the decider must hold no membership of the organization concerned, in any status (pending
claim, active, removed), and must not have created, saved or submitted the thing decided,
nor filed it. ``conflict`` says why someone may not decide (the pages show it instead of
the decision form); ``ensure_may_decide`` is what every decision service calls first.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from directory.models import (
    GuideRevision,
    Membership,
    Organization,
    Report,
    Revision,
    User,
    VettingRequest,
)

Subject = Revision | GuideRevision | Membership | VettingRequest | Report | Organization


class Conflict(enum.StrEnum):
    MEMBER = "member"
    AUTHOR = "author"
    CLAIMANT = "claimant"
    REQUESTER = "requester"
    REPORTER = "reporter"


EXPLANATIONS = {
    Conflict.MEMBER: _l(
        "You are or were a member of this organization (or asked to be), so another "
        "moderator must decide."
    ),
    Conflict.AUTHOR: _l("You created, saved or submitted this, so another moderator must decide."),
    Conflict.CLAIMANT: _l("This is your own claim, so another moderator must decide."),
    Conflict.REQUESTER: _l("This is your own request, so another moderator must decide."),
    Conflict.REPORTER: _l("You filed this report, so another moderator must decide."),
}


class ConflictOfInterest(Exception):
    """The user may not decide on this subject; nothing was changed."""

    def __init__(self, subject: Subject, conflict: Conflict) -> None:
        super().__init__(conflict.value)
        self.subject = subject
        self.conflict = conflict

    @property
    def explanation(self) -> str:
        return str(EXPLANATIONS[self.conflict])


def conflict(user: User, subject: Subject) -> Conflict | None:
    """Why ``user`` may not decide on ``subject``, or None when they may."""
    if isinstance(subject, VettingRequest):
        return Conflict.REQUESTER if subject.user_id == user.id else None
    if isinstance(subject, Membership) and subject.user_id == user.id:
        return Conflict.CLAIMANT
    if isinstance(subject, Report) and subject.reporter_id == user.id:
        return Conflict.REPORTER
    if isinstance(subject, GuideRevision):  # a guide belongs to no organization
        wrote = subject.submitted_by_id == user.id or any(a.id == user.id for a in subject.authors)
        return Conflict.AUTHOR if wrote else None
    if isinstance(subject, Revision) and (
        subject.submitted_by_id == user.id or any(a.id == user.id for a in subject.authors)
    ):
        return Conflict.AUTHOR
    organization_id = subject.id if isinstance(subject, Organization) else subject.organization_id
    if any(m.organization_id == organization_id for m in user.memberships):
        return Conflict.MEMBER  # any status: a pending claim and a removed editorship count
    return None


def ensure_may_decide(user: User, subject: Subject) -> None:
    found = conflict(user, subject)
    if found is not None:
        raise ConflictOfInterest(subject, found)


def explain(user: User, subject: Subject) -> str | None:
    """For templates: the sentence saying why ``user`` may not decide, or None."""
    found = conflict(user, subject)
    return str(EXPLANATIONS[found]) if found is not None else None
