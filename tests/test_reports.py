"""Reporting a problem with a profile: anyone files one, a moderator resolves it."""

from __future__ import annotations

import sqlalchemy as sa

from directory.models import AuditEvent, Report, ReportStatus, Role
from tests.factories import OrganizationFactory, UserFactory
from tests.listing_helpers import browser_for, page_text
from tests.test_rate_limits import limited_app  # noqa: F401  (fixture)


def test_anonymous_report_reaches_the_queue_and_a_moderator_resolves_it(make_client, db):
    org = OrganizationFactory(name="Harbour House")
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()

    visitor = make_client()
    profile = visitor.get(f"/organizations/{org.slug}")
    assert f'href="/organizations/{org.slug}/report"' in profile.get_data(as_text=True)
    form = visitor.get(f"/organizations/{org.slug}/report")
    assert "Report a problem with this listing" in page_text(form)
    sent = visitor.post(
        f"/organizations/{org.slug}/report",
        data={"reason": "wrong_contact", "details": "The intake line is out of service."},
        follow_redirects=True,
    )
    assert "Thank you for telling us" in page_text(sent)

    report = db.session.scalars(sa.select(Report)).one()
    assert report.status == ReportStatus.OPEN and report.reporter_id is None
    assert report.details == "The intake line is out of service."

    browser = browser_for(make_client, moderator)
    queue = page_text(browser.get("/moderation/"))
    assert "Reports (1)" in queue and "Harbour House" in queue
    review = page_text(browser.get(f"/moderation/reports/{report.id}"))
    assert "The intake line is out of service." in review
    done = browser.post(
        f"/moderation/reports/{report.id}", data={"resolution": "Phoned them; number updated."}
    )
    assert done.status_code == 302

    db.session.expire_all()
    assert report.status == ReportStatus.RESOLVED
    assert report.resolved_by_id == moderator.id and report.resolved_at is not None
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="report.resolved"))
    assert event.actor_id == moderator.id and event.target_id == report.id
    assert event.details["resolution"] == "Phoned them; number updated."
    assert "Reports (0)" in page_text(browser.get("/moderation/"))


def test_a_signed_in_reporter_is_remembered_and_bad_input_is_refused(make_client, db):
    org = OrganizationFactory()
    member = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, member)
    url = f"/organizations/{org.slug}/report"

    assert "Choose what the problem is." in page_text(browser.post(url, data={}))
    too_long = browser.post(url, data={"reason": "other", "details": "x" * 2001})
    assert too_long.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 0

    assert browser.post(url, data={"reason": "unsafe"}).status_code == 302
    assert db.session.scalars(sa.select(Report)).one().reporter_id == member.id


def test_queue_lists_reports_oldest_first_and_resolving_twice_is_refused(make_client, db):
    first, second = OrganizationFactory(name="Aurora Shelter"), OrganizationFactory(name="Birch")
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    visitor = make_client()
    for org in (second, first):
        visitor.post(f"/organizations/{org.slug}/report", data={"reason": "outdated"})
    browser = browser_for(make_client, moderator)
    queue = page_text(browser.get("/moderation/"))
    assert queue.index("Birch") < queue.index("Aurora Shelter")

    report = db.session.scalars(sa.select(Report).order_by(Report.id)).first()
    url = f"/moderation/reports/{report.id}"
    assert browser.post(url, data={"resolution": "Done."}).status_code == 302
    again = browser.post(url, data={"resolution": "Done again."}, follow_redirects=True)
    assert "already resolved" in page_text(again)
    db.session.expire_all()
    assert report.resolution == "Done."


def test_unpublished_profiles_cannot_be_reported(make_client, db):
    org = OrganizationFactory(status="draft")
    db.session.commit()
    assert make_client().get(f"/organizations/{org.slug}/report").status_code == 404


def test_reports_are_limited_per_address(limited_app):  # noqa: F811
    from directory.extensions import db

    with limited_app.app_context():
        org = OrganizationFactory()
        db.session.commit()
        slug = org.slug
    client = limited_app.test_client()
    codes = [
        client.post(
            f"/organizations/{slug}/report",
            data={"reason": "outdated"},
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
        ).status_code
        for _ in range(6)
    ]
    assert codes == [302] * 5 + [429]
    other = client.post(
        f"/organizations/{slug}/report",
        data={"reason": "outdated"},
        environ_base={"REMOTE_ADDR": "198.51.100.20"},
    )
    assert other.status_code == 302
