"""docs/permissions.md is the contract: every cell of its route × role table is checked here
against the running app, and every route the app has must be in the table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from directory.auth.tokens import email_confirmation_token, password_reset_token
from directory.extensions import db as _db
from directory.listings.payload import payload_from_organization
from directory.models import (
    MembershipRole,
    Report,
    ReportReason,
    Revision,
    RevisionStatus,
    Role,
    VettingRequest,
)
from directory.permissions import (
    can_administer,
    can_edit_guides,
    can_edit_listing,
    can_manage_members,
    can_moderate,
    can_request_partnership,
    can_see_restricted_contacts,
    can_seek_partners,
    is_member,
    is_signed_in,
    is_vetted_professional,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

TABLE = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a river of quiet lanterns"
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def parse_table(path: Path) -> tuple[list[str], list[tuple[str, str, dict[str, str]]]]:
    """The table whose header starts with "Method | Path": roles, and (method, path, cells)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("| Method | Path |"))
    header = [cell.strip() for cell in lines[start].strip("|").split("|")]
    roles = header[2:]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) == len(header), f"wrong number of cells: {line}"
        method, path = cells[0], cells[1].strip("`")
        rows.append((method, path, dict(zip(roles, cells[2:], strict=True))))
    return roles, rows


ROLES, ROWS = parse_table(TABLE)
CASES = [
    pytest.param(method, path, role, expected, id=f"{method} {path} [{role}]")
    for method, path, cells in ROWS
    for role, expected in cells.items()
]


def make_actor(role: str, organization):
    now = datetime.now(UTC)
    if role == "anonymous":
        return None
    if role in ("org editor", "org owner"):
        kind = MembershipRole.EDITOR if role == "org editor" else MembershipRole.OWNER
        return MembershipFactory(organization=organization, role=kind).user
    return {
        "unconfirmed": lambda: UserFactory(email_confirmed_at=None),
        "member": lambda: UserFactory(),
        "vetted professional": lambda: UserFactory(professional_verified_at=now),
        "moderator": lambda: UserFactory(role=Role.MODERATOR),
        "admin": lambda: UserFactory(role=Role.ADMIN),
    }[role]()


def pending_revision(organization, submitter) -> Revision:
    """A change to ``organization`` waiting for review, proposed by someone else."""
    revision = Revision(
        organization=organization,
        submitted_by_id=submitter.id,
        status=RevisionStatus.PENDING,
        payload=payload_from_organization(organization),
        submitted_at=datetime.now(UTC),
    )
    _db.session.add(revision)
    _db.session.flush()
    return revision


def form_data(method: str, path: str, subject, revision=None) -> dict[str, str]:
    """A well-formed POST for each form route (what the table's POST cells assume)."""
    if method != "POST":
        return {}
    new_password = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    listing = {"organization-name": "Harbour House", "save_draft": "Save draft"}
    return {
        "/auth/login": {"email": subject.email, "password": PASSWORD},
        "/auth/register": {
            "name": "New Person",
            "email": "new.person@example.org",
            "account_kind": "professional",
            **new_password,
        },
        "/auth/reset": {"email": subject.email},
        "/auth/reset/<token>": new_password,
        "/auth/password": {"current_password": PASSWORD, **new_password},
        "/auth/two-factor/setup": {"code": "000000"},
        "/admin/users/<int:user_id>/role": {"role": "moderator"},
        "/admin/users/<int:user_id>/vetted": {"vetted": "1"},
        "/admin/users/<int:user_id>/guide-editor": {"guide_editor": "1"},
        "/listings/new": listing,
        "/listings/<int:organization_id>/edit": {
            **listing,
            "revision_id": str(revision.id),
            "version": str(revision.version),
        },
        "/listings/<int:organization_id>/invite": {"email": "invitee@example.org"},
        "/listings/<int:organization_id>/claim": {"note": "I coordinate intake there."},
        "/moderation/revisions/<int:revision_id>": {
            "decision": "changes_requested",
            "reason": "Please add an intake phone number.",
            "version": str(revision.version),
        },
        "/organizations/<slug>/report": {"reason": "outdated"},
        "/moderation/reports/<int:report_id>": {"resolution": "Phoned them; fixed."},
        "/account/vetting": {
            "organization_name": "Thunder Bay Health",
            "role": "Nurse",
            "work_email": "nurse@health.example.org",
        },
        "/moderation/vetting/<int:vetting_id>": {"decision": "refused", "reason": "Unknown."},
        "/moderation/listings/<int:organization_id>/archive": {"reason": "Unsafe address."},
        "/moderation/listings/<int:organization_id>/restore": {"reason": "Fixed."},
        "/language": {"locale": "fr", "next": "/search"},
    }.get(path, {})


def open_report_and_vetting(organization, target) -> dict[str, str]:
    """An open report on ``organization`` and a pending vetting request from ``target``."""
    report = Report(organization_id=organization.id, reason=ReportReason.OUTDATED)
    vetting = VettingRequest(
        user_id=target.id, organization_name="Clinic", role="Nurse", work_email="n@example.org"
    )
    _db.session.add_all([report, vetting])
    _db.session.flush()
    return {"<int:report_id>": str(report.id), "<int:vetting_id>": str(vetting.id)}


def concrete_url(path: str, organization, subject, target, revision, ids=None) -> str:
    token = (
        password_reset_token(subject)
        if path.startswith("/auth/reset/")
        else email_confirmation_token(subject)
    )
    replacements = {
        "<slug>": organization.slug,
        "<token>": token,
        "<int:user_id>": str(target.id),
        "<int:organization_id>": str(organization.id),
        "<uuid:hsds_id>": str(organization.hsds_id),
        "<int:revision_id>": str(revision.id),
        "<int:membership_id>": "0",  # no waiting claim: tests/test_claims.py decides real ones
        "<int:invitation_id>": "0",  # tests/test_members.py revokes real ones
        "<int:service_id>": "0",  # tests/test_capacity.py updates real ones
        "<int:saved_search_id>": "0",  # tests/test_saved_searches.py uses real ones
        "<sector_slug>": "health-care",  # a sector's guide, written or not
        "<guide_slug>": "health-care",
        "<int:guide_revision_id>": "0",  # tests/test_guides.py decides real ones
        "<int:notice_id>": "0",  # tests/test_partnerships.py withdraws real ones
        "<int:request_id>": "0",  # tests/test_partnerships.py reads real threads
        "<path:filename>": "css/site.css",
        **(ids or {}),
    }
    for placeholder, value in replacements.items():
        path = path.replace(placeholder, value)
    assert "<" not in path, f"no value for a placeholder in {path}"
    return path


@pytest.mark.parametrize(("method", "path", "role", "expected"), CASES)
def test_every_cell_of_the_permission_table(make_client, db, method, path, role, expected):
    organization = OrganizationFactory()
    actor = make_actor(role, organization)
    subject = UserFactory(email="subject@example.org", email_confirmed_at=None)
    target = UserFactory(email="target@example.org")
    revision = pending_revision(organization, target)
    ids = open_report_and_vetting(organization, target)
    db.session.commit()
    url = concrete_url(path, organization, subject, target, revision, ids)
    data = form_data(method, path, subject, revision)

    client = make_client()
    if actor is not None:
        with client.session_transaction() as session:
            session["_user_id"] = actor.session_token
            session["_fresh"] = True
    response = client.open(url, method=method, data=data)
    response.close()  # static files are streamed from an open file

    status = int(expected.split()[0])
    assert response.status_code == status, f"{method} {url} as {role}"
    if "sign in" in expected:
        assert response.headers["Location"].startswith("/auth/login")
        with client.session_transaction() as session:
            assert ("info", "Please sign in to see this page.") in session.get("_flashes", [])


def test_the_table_lists_every_route_and_only_real_ones(app):
    documented = {(method, path) for method, path, _ in ROWS}
    served = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
    }
    missing = served - documented
    assert not missing, f"routes missing from docs/permissions.md: {sorted(missing)}"
    paths = {rule.rule for rule in app.url_map.iter_rules()}
    unknown = {(m, p) for m, p, cells in ROWS if p not in paths}
    assert not unknown, f"docs/permissions.md lists routes the app does not have: {unknown}"
    for method, path, cells in ROWS:
        if (method, path) not in served:
            assert set(cells.values()) == {"405"}, f"{method} {path} is not served: 405"
    assert ROLES == [
        "anonymous",
        "unconfirmed",
        "member",
        "vetted professional",
        "org editor",
        "org owner",
        "moderator",
        "admin",
    ]


def test_the_predicates_by_role(db):
    """The same roles against the predicates themselves, including the per-organization ones."""
    organization = OrganizationFactory()
    other = OrganizationFactory()
    actors = {role: make_actor(role, organization) for role in ROLES}
    db.session.commit()

    def holders(predicate, *args):
        return {role for role, user in actors.items() if predicate(user, *args)}

    signed_in = set(ROLES) - {"anonymous"}
    members = signed_in - {"unconfirmed"}
    assert holders(is_signed_in) == signed_in
    assert holders(is_member) == members
    assert holders(is_vetted_professional) == {"vetted professional"}
    assert holders(can_moderate) == {"moderator", "admin"}
    assert holders(can_administer) == {"admin"}
    assert holders(can_edit_guides) == set()  # given apart from the role (docs/guides.md)
    assert holders(can_edit_listing, organization) == {"org editor", "org owner"}
    assert holders(can_edit_listing, other) == set()
    assert holders(can_manage_members, organization) == {"org owner", "admin"}
    assert holders(can_see_restricted_contacts, organization) == {
        "vetted professional",
        "org editor",
        "org owner",
        "moderator",
        "admin",
    }
    assert holders(can_seek_partners) == {"org editor", "org owner"}
    assert holders(can_request_partnership, organization) == set()  # never one's own
    assert holders(can_request_partnership, other) == {"org editor", "org owner"}
    assert holders(can_see_restricted_contacts, other) == {
        "vetted professional",
        "moderator",
        "admin",
    }


def test_deactivated_and_pending_members_lose_their_permissions(db):
    organization = OrganizationFactory()
    pending = MembershipFactory(organization=organization, status="pending").user
    gone = UserFactory(role=Role.ADMIN, active=False)
    db.session.commit()
    assert not can_edit_listing(pending, organization)
    assert not can_see_restricted_contacts(pending, organization)
    assert not can_administer(gone) and not is_signed_in(gone)


def test_the_predicates_are_template_globals(app):
    for name in ("can_moderate", "can_administer", "can_edit_listing", "is_member"):
        assert name in app.jinja_env.globals


def test_next_keeps_the_path_and_query(make_client, db):
    response = make_client().get("/admin/users?q=ada")
    location = urlsplit(response.headers["Location"])
    assert response.status_code == 302 and location.path == "/auth/login"
    assert parse_qs(location.query) == {"next": ["/admin/users?q=ada"]}
