"""Saved searches and their alerts: saving from the search page, /saved, stopping alerts,
and ``flask alerts send`` mailing each new or changed match once, in the person's language,
never a restricted contact, with an unsubscribe link that works signed out."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from directory.models import (
    ContactVisibility,
    Revision,
    RevisionStatus,
    SavedSearch,
    SavedSearchAlert,
)
from directory.saved.cli import send_command
from directory.saved.services import MAX_SAVED, unsubscribe_token
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    UserFactory,
    term,
)
from tests.listing_helpers import browser_for

KENORA = (49.7670, -94.4894)
SURVIVOR_NEAR_KENORA = "sector=survivor-led&near=Kenora%2C+ON&radius_km=100"
RESTRICTED_PHONE = "+1 807-555-0199"


def approved(organization, when: datetime | None = None) -> Revision:
    """What a moderator's approval leaves: an approved revision decided now."""
    revision = Revision(
        organization=organization,
        status=RevisionStatus.APPROVED,
        payload={},
        decided_at=when or datetime.now(UTC),
    )
    from directory.extensions import db

    db.session.add(revision)
    db.session.flush()
    return revision


def survivor_led(name: str, point=KENORA, city: str = "Kenora", sector: str = "survivor-led"):
    org = OrganizationFactory(name=name, sectors=[term("sector", sector)])
    LocationFactory(organization=org, city=city, latitude=point[0], longitude=point[1])
    return org


def saved_for(user, query: str = SURVIVOR_NEAR_KENORA, name: str = "Kenora", **kwargs):
    from directory.extensions import db

    saved = SavedSearch(
        user_id=user.id,
        name=name,
        query=query,
        created_at=datetime.now(UTC) - timedelta(hours=1),
        **kwargs,
    )
    db.session.add(saved)
    db.session.flush()
    return saved


def send(app, *args: str):
    result = app.test_cli_runner().invoke(send_command, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def links_in(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


# --- Saving and /saved ----------------------------------------------------------------------


def test_a_member_saves_the_search_normalised_and_sees_it_listed(db, make_client):
    nurse = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, nurse)
    page = browser.get("/search?" + SURVIVOR_NEAR_KENORA).get_data(as_text=True)
    assert "Save this search" in page
    response = browser.post(
        "/saved",
        data={
            "name": "Survivor-led near Kenora",
            "query": SURVIVOR_NEAR_KENORA + "&page=3&bogus=1",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/saved"
    saved = db.session.scalars(sa.select(SavedSearch)).one()
    assert saved.user_id == nurse.id
    assert saved.query == "sector=survivor-led&near=Kenora%2C+ON&radius_km=100"
    listing = browser.get("/saved").get_data(as_text=True)
    assert "Survivor-led near Kenora" in listing
    assert f'href="/search?{saved.query.replace("&", "&amp;")}"' in listing
    assert "Stop alerts" in listing


def test_anonymous_visitors_are_asked_to_sign_in(client, db):
    page = client.get("/search?q=counselling").get_data(as_text=True)
    assert "Sign in to save this search" in page
    response = client.post("/saved", data={"name": "x", "query": "q=counselling"})
    assert response.headers["Location"].startswith("/auth/login")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedSearch)) == 0


@pytest.mark.parametrize(
    ("name", "query", "message"),
    [
        ("", "q=counselling", "Give this search a name."),
        ("x" * 101, "q=counselling", "Keep the name under 100 characters."),
        ("Everything", "page=2&bogus=1", "Choose words, a filter or a place before saving"),
        ("Two\nlines", "q=counselling", "Keep this to one line"),
        ("Typo", "sector=survivor-led&near=Kenoraxx", "We could not find that place."),
    ],
)
def test_bad_saves_are_refused_with_a_message(db, make_client, name, query, message):
    member = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, member)
    response = browser.post("/saved", data={"name": name, "query": query}, follow_redirects=True)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedSearch)) == 0


def test_one_account_keeps_at_most_the_limit(db, make_client):
    member = UserFactory()
    for n in range(MAX_SAVED):
        saved_for(member, query="q=counselling", name=f"Search {n}")
    db.session.commit()
    browser = browser_for(make_client, member)
    response = browser.post("/saved", data={"name": "One more", "query": "q=police"})
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert f"You have {MAX_SAVED} saved searches" in page
    count = sa.select(sa.func.count()).select_from(SavedSearch)
    assert db.session.scalar(count) == MAX_SAVED


def test_stop_alerts_and_delete_only_ones_own(db, make_client):
    owner, other = UserFactory(), UserFactory()
    saved = saved_for(owner)
    db.session.commit()
    intruder = browser_for(make_client, other)
    assert intruder.post(f"/saved/{saved.id}/alerts", data={"alerts": "off"}).status_code == 404
    assert intruder.post(f"/saved/{saved.id}/delete").status_code == 404
    assert "Kenora" not in intruder.get("/saved").get_data(as_text=True)
    db.session.refresh(saved)
    assert saved.alerts

    saved_id = saved.id
    browser = browser_for(make_client, owner)
    assert browser.post(f"/saved/{saved_id}/alerts", data={"alerts": "off"}).status_code == 302
    db.session.refresh(saved)
    assert not saved.alerts
    assert "Resume alerts" in browser.get("/saved").get_data(as_text=True)
    assert browser.post(f"/saved/{saved_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(SavedSearch, saved_id) is None


def test_posts_need_the_csrf_token(app, db, make_client, monkeypatch):
    member = UserFactory()
    saved = saved_for(member)
    db.session.commit()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    browser = browser_for(make_client, member)
    assert browser.post("/saved", data={"name": "x", "query": "q=a"}).status_code == 400
    assert browser.post(f"/saved/{saved.id}/delete").status_code == 400
    assert browser.post(f"/saved/{saved.id}/alerts").status_code == 400


# --- Alerts ---------------------------------------------------------------------------------


def test_alerts_mail_a_new_match_once_and_not_the_others(app, db, outbox):
    nurse = UserFactory(email="nurse@example.org", locale="en")
    saved_for(nurse)
    new = survivor_led("Northern Survivors Circle")
    approved(new)
    far = survivor_led("Halifax Survivors", point=(44.65, -63.57), city="Halifax")
    approved(far)
    other_sector = survivor_led("Kenora Police", sector="policing")
    approved(other_sector)
    unchanged = survivor_led("Old Kenora Collective")  # published before, no approval since
    approved(unchanged, when=datetime.now(UTC) - timedelta(days=3))
    db.session.commit()

    output = send(app)
    assert "sent 1 mails" in output
    assert len(outbox) == 1
    mail = outbox[0]
    assert mail.to == ["nurse@example.org"]
    body = mail.body
    assert "Northern Survivors Circle (Kenora, ON)" in body
    assert "/organizations/northern-survivors-circle" in body
    for absent in ("Halifax Survivors", "Kenora Police", "Old Kenora Collective"):
        assert absent not in body
    assert "/search?sector=survivor-led&near=Kenora%2C+ON&radius_km=100" in body
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert "sent 0 mails" in send(app)  # idempotent
    assert len(outbox) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedSearchAlert)) == 1

    approved(new)  # a later approved change is mailed again
    db.session.commit()
    send(app)
    assert len(outbox) == 2


def test_a_dry_run_sends_and_records_nothing(app, db, outbox):
    saved_for(UserFactory())
    approved(survivor_led("Northern Survivors Circle"))
    db.session.commit()
    assert "would send 1 mails" in send(app, "--dry-run")
    assert outbox == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedSearchAlert)) == 0


def test_deactivated_unconfirmed_and_stopped_get_nothing(app, db, outbox):
    saved_for(UserFactory(active=False))
    saved_for(UserFactory(email_confirmed_at=None))
    saved_for(UserFactory(), alerts=False)
    approved(survivor_led("Northern Survivors Circle"))
    db.session.commit()
    send(app)
    assert outbox == []


def test_unpublished_listings_are_not_mailed(app, db, outbox):
    saved_for(UserFactory())
    draft = survivor_led("Draft Circle")
    draft.status = "draft"
    approved(draft)
    db.session.commit()
    send(app)
    assert outbox == []


def test_restricted_contacts_never_go_into_mail(app, db, outbox):
    vetted = UserFactory(professional_verified_at=datetime.now(UTC))
    saved_for(vetted)
    org = survivor_led("Northern Survivors Circle")
    ReferralContactFactory(
        organization=org,
        name="Night intake",
        email="night.intake@example.org",
        phone=RESTRICTED_PHONE,
        visibility=ContactVisibility.PROFESSIONALS,
    )
    approved(org)
    db.session.commit()
    send(app)
    assert len(outbox) == 1
    body = outbox[0].body
    assert "Northern Survivors Circle" in body
    for secret in (RESTRICTED_PHONE, "night.intake@example.org", "Night intake"):
        assert secret not in body


def test_listings_for_vetted_professionals_only_never_go_into_mail(app, db, outbox):
    saved_for(UserFactory(professional_verified_at=datetime.now(UTC)))
    hidden = survivor_led("Undisclosed Safe House Program")
    hidden.professionals_only = True
    approved(hidden)
    approved(survivor_led("Northern Survivors Circle"))
    db.session.commit()
    send(app)
    (mail,) = outbox
    assert "Northern Survivors Circle" in mail.body
    assert "Undisclosed Safe House Program" not in mail.body


def test_the_mail_is_in_the_persons_language(app, db, outbox):
    saved_for(UserFactory(locale="fr"))
    approved(survivor_led("Cercle du Nord"))
    db.session.commit()
    send(app)
    # Strings shared with the other mails (this part's own come with /work/i18n at merge).
    assert "Bonjour" in outbox[0].body


# --- Unsubscribe --------------------------------------------------------------------------


def test_the_unsubscribe_link_works_signed_out(app, db, client, outbox):
    saved = saved_for(UserFactory())
    approved(survivor_led("Northern Survivors Circle"))
    db.session.commit()
    send(app)
    link = next(u for u in links_in(outbox[0].body) if "/saved/unsubscribe/" in u)
    path = link.split("localhost", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "Stop these alerts" in page.get_data(as_text=True)
    db.session.refresh(saved)
    assert saved.alerts  # a GET (a mail scanner following links) changes nothing
    done = client.post(path)
    assert done.status_code == 200
    assert "Alerts stopped" in done.get_data(as_text=True)
    db.session.refresh(saved)
    assert not saved.alerts


def test_one_click_post_needs_no_csrf_token(app, db, client, monkeypatch):
    saved = saved_for(UserFactory())
    db.session.commit()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    token = unsubscribe_token(saved)
    response = client.post(f"/saved/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    db.session.refresh(saved)
    assert not saved.alerts


def test_a_tampered_token_is_refused(db, client):
    saved = saved_for(UserFactory())
    db.session.commit()
    token = unsubscribe_token(saved)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for method in (client.get, client.post):
        response = method(f"/saved/unsubscribe/{tampered}")
        assert response.status_code == 400
        assert "damaged" in response.get_data(as_text=True)
    db.session.refresh(saved)
    assert saved.alerts


def test_a_listing_matching_only_some_of_the_words_is_not_mailed(app, db, outbox):
    """The search page falls back to "some of the words"; an alert never does."""
    saved_for(UserFactory(), query="q=northern+quokka")
    approved(survivor_led("Northern Survivors Circle"))
    db.session.commit()
    send(app)
    assert outbox == []


def test_the_account_page_links_the_saved_searches(db, make_client):
    member = UserFactory()
    db.session.commit()
    page = browser_for(make_client, member).get("/auth/profile").get_data(as_text=True)
    assert 'href="/saved"' in page


def test_a_saved_search_whose_place_is_unknown_sends_nothing(app, db, outbox):
    """Searching an unknown place searches the whole country: never mailed as "near"."""
    saved_for(UserFactory(), query="sector=survivor-led&near=Nowhereville")
    approved(survivor_led("Northern Survivors Circle"))
    db.session.commit()
    send(app)
    assert outbox == []
