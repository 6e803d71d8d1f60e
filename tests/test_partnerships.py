"""Partnership notices and requests (docs/partnerships.md), through the pages as people use them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from directory.models import (
    AuditEvent,
    MembershipStatus,
    OrganizationStatus,
    PartnershipNotice,
    PartnershipRequest,
    Role,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, term
from tests.listing_helpers import browser_for

MESSAGE = "We run a clinic in Kenora and would like to build a referral protocol with you."


def in_days(days: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


@pytest.fixture
def people(db):
    survivors = OrganizationFactory(name="Northern Survivors Circle")
    survivors.sectors = [term("sector", "survivor-led")]
    clinic = OrganizationFactory(name="Lakeside Clinic")
    clinic.sectors = [term("sector", "health-care")]
    lead = MembershipFactory(organization=survivors, user__locale="en").user
    colleague = MembershipFactory(
        organization=survivors, user__locale="fr", user__email="collegue@example.org"
    ).user
    nurse = MembershipFactory(organization=clinic, user__email="nurse@example.org").user
    outsider = MembershipFactory(user__email="outsider@example.org").user
    db.session.commit()
    return {
        "survivors": survivors,
        "clinic": clinic,
        "lead": lead,
        "colleague": colleague,
        "nurse": nurse,
        "outsider": outsider,
    }


def notice_form(organization, **overrides):
    data = {
        "organization": str(organization.id),
        "sectors": ["health-care"],
        "purpose": "referrals",
        "details": "Seeking health-care partners for warm referrals.",
        "province": "ON",
        "place": "Northwestern Ontario",
        "radius_km": "",
        "until": in_days(60),
    }
    data.update(overrides)
    return data


def post_notice(client, organization, **overrides):
    return client.post("/partnerships/notices/new", data=notice_form(organization, **overrides))


def send_request(client, recipient, sender, body=MESSAGE, notice=None):
    url = f"/partnerships/request/{recipient.slug}" + (f"?notice={notice}" if notice else "")
    return client.post(url, data={"organization": str(sender.id), "body": body})


def only_request(db) -> PartnershipRequest:
    db.session.expire_all()
    return db.session.scalars(sa.select(PartnershipRequest)).one()


def test_a_member_posts_a_notice_shown_on_the_list_and_the_profile(db, make_client, people):
    lead = browser_for(make_client, people["lead"])
    response = post_notice(lead, people["survivors"])
    assert response.status_code == 302
    listing = make_client().get("/partnerships").get_data(as_text=True)
    assert "Northern Survivors Circle" in listing and "Northwestern Ontario" in listing
    assert "Seeking health-care partners for warm referrals." in listing
    profile = make_client().get(f"/organizations/{people['survivors'].slug}")
    assert "Seeking partners" in profile.get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sectors": []}, "Choose at least one sector."),
        ({"until": in_days(-1)}, "Choose a date from today on."),
        ({"until": in_days(400)}, "A notice stays open at most a year."),
        ({"province": "", "place": ""}, "Choose a province or territory, or name a region"),
        ({"place": "", "radius_km": "50"}, "Name the place the distance is measured from."),
        ({"details": ""}, "Describe what you are looking for."),
    ],
)
def test_a_notice_is_checked(db, make_client, people, overrides, message):
    lead = browser_for(make_client, people["lead"])
    response = post_notice(lead, people["survivors"], **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(PartnershipNotice.id))) == 0


def test_a_member_cannot_post_for_an_organization_of_someone_else(db, make_client, people):
    lead = browser_for(make_client, people["lead"])
    response = post_notice(lead, people["clinic"])
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    outsider = UserFactory()
    db.session.commit()
    assert browser_for(make_client, outsider).get("/partnerships/notices/new").status_code == 403


def test_expired_withdrawn_and_unfindable_notices_are_not_listed(db, make_client, people):
    survivors, clinic = people["survivors"], people["clinic"]
    today = datetime.now(UTC).date()
    for org, until, withdrawn, details in (
        (survivors, today - timedelta(days=1), False, "Expired notice"),
        (survivors, today + timedelta(days=5), True, "Withdrawn notice"),
        (clinic, today, False, "Open until today"),
    ):
        notice = PartnershipNotice(
            organization=org, purpose="training", details=details, until=until, withdrawn=withdrawn
        )
        notice.province_code = "ON"
        db.session.add(notice)
    hidden = OrganizationFactory(status=OrganizationStatus.DRAFT)
    db.session.add(
        PartnershipNotice(
            organization=hidden, purpose="training", details="Draft org", until=date.max
        )
    )
    db.session.commit()
    text = make_client().get("/partnerships").get_data(as_text=True)
    assert "Open until today" in text
    assert "Expired notice" not in text and "Withdrawn notice" not in text
    assert "Draft org" not in text


def test_notices_filter_by_sector_and_province_newest_first(db, make_client, people):
    lead = browser_for(make_client, people["lead"])
    post_notice(lead, people["survivors"], details="Older health notice")
    post_notice(lead, people["survivors"], details="Newer health notice")
    post_notice(lead, people["survivors"], sectors=["education"], province="MB", details="Schools")
    client = make_client()
    health = client.get("/partnerships?sector=health-care").get_data(as_text=True)
    assert "Schools" not in health
    assert health.index("Newer health notice") < health.index("Older health notice")
    manitoba = client.get("/partnerships?province=MB").get_data(as_text=True)
    assert "Schools" in manitoba and "health notice" not in manitoba
    assert client.get("/partnerships?sector=nonsense").status_code == 400
    assert client.get("/partnerships?province=ZZ").status_code == 400


def test_a_member_withdraws_a_notice_and_others_cannot(db, make_client, people):
    lead = browser_for(make_client, people["lead"])
    post_notice(lead, people["survivors"])
    notice_id = db.session.scalar(sa.select(PartnershipNotice.id))
    nurse = browser_for(make_client, people["nurse"])
    assert nurse.post(f"/partnerships/notices/{notice_id}/withdraw").status_code == 403
    assert lead.post(f"/partnerships/notices/{notice_id}/withdraw").status_code == 302
    db.session.expire_all()
    assert db.session.get(PartnershipNotice, notice_id).withdrawn


def test_the_request_flow_on_both_sides(db, make_client, people, outbox):
    lead = browser_for(make_client, people["lead"])
    post_notice(lead, people["survivors"])
    notice_id = db.session.scalar(sa.select(PartnershipNotice.id))
    nurse = browser_for(make_client, people["nurse"])
    profile = nurse.get(f"/organizations/{people['survivors'].slug}").get_data(as_text=True)
    assert "Request a partnership" in profile
    form = nurse.get(f"/partnerships/request/{people['survivors'].slug}?notice={notice_id}")
    assert form.status_code == 200
    response = send_request(nurse, people["survivors"], people["clinic"], notice=notice_id)
    assert response.status_code == 302
    partnership = only_request(db)
    assert partnership.notice_id == notice_id and partnership.status == "open"

    inbox = lead.get("/partnerships/inbox").get_data(as_text=True)
    assert "Lakeside Clinic → Northern Survivors Circle" in inbox
    thread = lead.get(f"/partnerships/inbox/{partnership.id}").get_data(as_text=True)
    assert MESSAGE in thread
    assert "nurse@example.org" not in thread  # never the sender's address

    outbox.clear()
    reply = lead.post(
        f"/partnerships/inbox/{partnership.id}", data={"body": "Gladly, let us talk."}
    )
    assert reply.status_code == 302
    assert [m.to for m in outbox] == [["nurse@example.org"]]
    assert "Gladly" in nurse.get(f"/partnerships/inbox/{partnership.id}").get_data(as_text=True)

    # Only the receiving side decides.
    assert (
        nurse.post(
            f"/partnerships/inbox/{partnership.id}/decision", data={"accept": "Accept"}
        ).status_code
        == 403
    )
    lead.post(f"/partnerships/inbox/{partnership.id}/decision", data={"accept": "Accept"})
    assert only_request(db).status == "accepted"
    for client in (lead, nurse):
        page = client.get("/partnerships/inbox").get_data(as_text=True)
        assert 'data-status="accepted"' in page
    again = lead.post(f"/partnerships/inbox/{partnership.id}/decision", data={"decline": "Decline"})
    assert again.status_code == 302 and only_request(db).status == "accepted"


def test_mail_holds_a_link_not_the_text_nor_addresses_in_each_language(
    db, make_client, people, outbox
):
    nurse = browser_for(make_client, people["nurse"])
    send_request(nurse, people["survivors"], people["clinic"])
    partnership = only_request(db)
    by_recipient = {message.to[0]: message for message in outbox}
    assert set(by_recipient) == {people["lead"].email, "collegue@example.org"}
    for message in outbox:
        assert f"/partnerships/inbox/{partnership.id}" in message.body
        assert MESSAGE not in message.body and "Kenora" not in message.body
        assert not re.search(r"[\w.]+@[\w.]+", message.body)  # no email address at all
    french = by_recipient["collegue@example.org"]
    english = by_recipient[people["lead"].email]
    # The greeting and signature are in the catalog already; this part's new strings are
    # compiled at merge time (/work/i18n), so the subject is checked in English only.
    assert "Bonjour" in french.body and "Hello" not in french.body
    assert "Hello" in english.body and "Bonjour" not in english.body
    assert english.subject == "A partnership request for Northern Survivors Circle"


def test_nobody_requests_their_own_organization_or_without_one(db, make_client, people):
    lead = browser_for(make_client, people["lead"])
    assert lead.get(f"/partnerships/request/{people['survivors'].slug}").status_code == 403
    loner = browser_for(make_client, UserFactory())
    db.session.commit()
    assert loner.get(f"/partnerships/request/{people['survivors'].slug}").status_code == 403
    pending = MembershipFactory(status=MembershipStatus.PENDING).user
    db.session.commit()
    response = send_request(
        browser_for(make_client, pending), people["survivors"], pending.memberships[0].organization
    )
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(PartnershipRequest.id))) == 0


def test_unconfirmed_and_deactivated_accounts_are_refused(db, make_client, people):
    people["nurse"].email_confirmed_at = None
    db.session.commit()
    nurse = browser_for(make_client, people["nurse"])
    response = send_request(nurse, people["survivors"], people["clinic"])
    assert response.status_code == 403
    assert "confirm your email address" in response.get_data(as_text=True)
    people["nurse"].email_confirmed_at = datetime.now(UTC)
    people["nurse"].active = False
    db.session.commit()
    response = send_request(nurse, people["survivors"], people["clinic"])
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count(PartnershipRequest.id))) == 0


def test_outsiders_cannot_see_or_touch_a_thread(db, make_client, people):
    send_request(browser_for(make_client, people["nurse"]), people["survivors"], people["clinic"])
    partnership = only_request(db)
    outsider = browser_for(make_client, people["outsider"])
    base = f"/partnerships/inbox/{partnership.id}"
    assert outsider.get(base).status_code == 404
    assert outsider.post(base, data={"body": "hello"}).status_code == 404
    assert outsider.post(f"{base}/decision", data={"accept": "Accept"}).status_code == 404
    assert outsider.post(f"{base}/report", data={"reason": "x"}).status_code == 404
    assert "Lakeside" not in outsider.get("/partnerships/inbox").get_data(as_text=True)
    assert make_client().get(base).status_code == 302  # anonymous: sign in


def test_moderators_see_only_reported_requests(db, make_client, people):
    nurse = browser_for(make_client, people["nurse"])
    send_request(nurse, people["survivors"], people["clinic"])
    send_request(nurse, people["survivors"], people["clinic"], body="A second, unreported one.")
    first, second = db.session.scalars(
        sa.select(PartnershipRequest).order_by(PartnershipRequest.id)
    )
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    mod = browser_for(make_client, moderator)
    assert "No reported request" in mod.get("/moderation/partnerships").get_data(as_text=True)
    assert mod.get(f"/partnerships/inbox/{first.id}").status_code == 404
    # The sender cannot report; the recipient can.
    assert (
        nurse.post(f"/partnerships/inbox/{first.id}/report", data={"reason": "x"}).status_code
        == 403
    )
    lead = browser_for(make_client, people["lead"])
    lead.post(f"/partnerships/inbox/{first.id}/report", data={"reason": "Selling something."})
    queue = mod.get("/moderation/").get_data(as_text=True)
    assert 'Reported partnership requests <span class="count">(1)</span>' in queue
    page = mod.get("/moderation/partnerships").get_data(as_text=True)
    assert MESSAGE in page and "Selling something." in page
    assert "A second, unreported one." not in page
    assert (
        mod.post(
            f"/moderation/partnerships/{second.id}/resolve", data={f"r{second.id}-note": "n"}
        ).status_code
        == 404
    )
    empty = mod.post(f"/moderation/partnerships/{first.id}/resolve", data={f"r{first.id}-note": ""})
    assert empty.status_code == 302
    assert MESSAGE in mod.get("/moderation/partnerships").get_data(as_text=True)  # still there
    done = mod.post(
        f"/moderation/partnerships/{first.id}/resolve", data={f"r{first.id}-note": "Warned them."}
    )
    assert done.status_code == 302
    assert MESSAGE not in mod.get("/moderation/partnerships").get_data(as_text=True)


def test_every_action_is_audited_without_the_text(db, make_client, people):
    lead = browser_for(make_client, people["lead"])
    post_notice(lead, people["survivors"])
    nurse = browser_for(make_client, people["nurse"])
    send_request(nurse, people["survivors"], people["clinic"])
    partnership = only_request(db)
    lead.post(f"/partnerships/inbox/{partnership.id}", data={"body": "Secret reply words"})
    lead.post(f"/partnerships/inbox/{partnership.id}/decision", data={"decline": "Decline"})
    lead.post(f"/partnerships/inbox/{partnership.id}/report", data={"reason": "Spam words"})
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [event.action for event in events if event.action.startswith("partnership.")]
    assert actions == [
        "partnership.notice_published",
        "partnership.requested",
        "partnership.replied",
        "partnership.declined",
        "partnership.reported",
    ]
    dumped = repr([event.details for event in events])
    assert "Secret reply" not in dumped and "Kenora" not in dumped and "Spam words" not in dumped


def test_demo_has_three_notices_one_survivor_led_seeking_health_care_in_thunder_bay(app, db):
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    notices = db.session.scalars(sa.select(PartnershipNotice)).all()
    assert len(notices) == 3
    journey = next(n for n in notices if n.place == "Northwestern Ontario")
    assert [s.slug for s in journey.organization.sectors if s.slug == "survivor-led"]
    assert {loc.city for loc in journey.organization.locations} == {"Thunder Bay"}
    assert [s.slug for s in journey.sectors] == ["health-care"]
    again = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert again.exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(PartnershipNotice.id))) == 3


def test_members_of_a_draft_listing_cannot_send_requests(db, make_client, people):
    draft = OrganizationFactory(status=OrganizationStatus.DRAFT)
    member = MembershipFactory(organization=draft).user
    db.session.commit()
    client = browser_for(make_client, member)
    assert send_request(client, people["survivors"], draft).status_code == 403
    assert client.get("/partnerships/notices/new").status_code == 403


def test_a_request_answers_only_a_notice_of_the_organization_asked(db, make_client, people):
    clinic_notice = PartnershipNotice(
        organization=people["clinic"], purpose="training", details="x", until=date.max
    )
    db.session.add(clinic_notice)
    db.session.commit()
    nurse = browser_for(make_client, people["nurse"])
    url = f"/partnerships/request/{people['survivors'].slug}?notice={clinic_notice.id}"
    assert nurse.get(url).status_code == 404


def test_unconfirmed_and_deactivated_members_get_no_mail(db, make_client, people, outbox):
    people["colleague"].active = False
    MembershipFactory(
        organization=people["survivors"],
        user__email="unconfirmed@example.org",
        user__email_confirmed_at=None,
    )
    db.session.commit()
    send_request(browser_for(make_client, people["nurse"]), people["survivors"], people["clinic"])
    assert [message.to for message in outbox] == [[people["lead"].email]]


def test_a_member_of_both_organizations_cannot_ask_either(db, make_client, people):
    MembershipFactory(user=people["lead"], organization=people["clinic"])
    db.session.commit()
    lead = browser_for(make_client, people["lead"])
    assert send_request(lead, people["survivors"], people["clinic"]).status_code == 403
    profile = lead.get(f"/organizations/{people['survivors'].slug}").get_data(as_text=True)
    assert "Request a partnership" not in profile


def test_a_closed_notice_cannot_be_answered(db, make_client, people):
    notice = PartnershipNotice(
        organization=people["survivors"],
        purpose="training",
        details="x",
        until=datetime.now(UTC).date() - timedelta(days=1),
    )
    db.session.add(notice)
    db.session.commit()
    nurse = browser_for(make_client, people["nurse"])
    page = nurse.get(f"/partnerships/request/{people['survivors'].slug}?notice={notice.id}")
    assert page.status_code == 404 and "This notice is closed" in page.get_data(as_text=True)


def test_the_notice_list_and_the_inbox_do_not_grow_queries_with_rows(
    db, make_client, people, count_queries
):
    nurse = browser_for(make_client, people["nurse"])

    def add(n: int) -> None:
        for i in range(n):
            organization = OrganizationFactory()
            organization.sectors = [term("sector", "survivor-led")]
            notice = PartnershipNotice(
                organization=organization, purpose="training", details=f"n{i}", until=date.max
            )
            notice.sectors = [term("sector", "health-care")]
            notice.province_code = "ON"
            db.session.add(notice)
            db.session.add(
                PartnershipRequest(from_organization=organization, to_organization=people["clinic"])
            )
        db.session.commit()

    def measure() -> tuple[int, int]:
        with count_queries() as listing:
            assert nurse.get("/partnerships").status_code == 200
        with count_queries() as inbox:
            assert nurse.get("/partnerships/inbox").status_code == 200
        return len(listing), len(inbox)

    add(2)
    few = measure()
    add(15)
    assert measure() == few, few


def test_the_sitemap_lists_the_notices_page(client):
    assert "/partnerships</loc>" in client.get("/sitemap.xml").get_data(as_text=True)
