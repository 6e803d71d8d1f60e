"""English and French: every message has its French, the switch, Accept-Language, mail in the
recipient's language, French taxonomy labels and descriptions (docs/i18n.md)."""

from __future__ import annotations

import re
import shlex
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_migrate import upgrade

from config import TestConfig
from directory import create_app
from directory.extensions import db as _db
from directory.models import MembershipRole, RevisionStatus, User
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, term
from tests.listing_helpers import browser_for

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "directory" / "translations"
FRENCH_PO = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]")
FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogs() -> None:
    """What ``make translations`` does, for a bare ``pytest``: a missing or stale .mo is
    compiled from its .po before the French pages are asked for."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


@pytest.fixture
def client(make_client):
    """Each request in an app context of its own, as in production: Flask-Babel keeps the
    locale it chose in the context, and the ``db`` fixture's context would carry it over."""
    return make_client()


def french_catalog():
    with FRENCH_PO.open("rb") as po_file:
        return read_po(po_file, locale="fr")


def extract_messages(tmp_path: Path):
    """The messages in the code now, extracted as `make translations-update` does (same
    babel.cfg, same keywords, read from the Makefile so the two cannot drift apart)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    options = re.search(r"^EXTRACT_OPTIONS := (.+)$", makefile, re.M).group(1)
    pot = tmp_path / "messages.pot"
    arguments = ["-F", "babel.cfg", *shlex.split(options), "-o", str(pot), str(ROOT)]
    CommandLineInterface().run(["pybabel", "-q", "extract", *arguments])
    with pot.open("rb") as pot_file:
        return read_po(pot_file)


def test_every_message_in_the_code_has_its_french_translation(tmp_path):
    french = french_catalog()
    problems = []
    for message in extract_messages(tmp_path):
        if not message.id:
            continue
        translated = french.get(message.id)
        if translated is None:
            problems.append(f"missing: {message.id!r}")
        elif translated.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(translated.string) if translated.pluralizable else not translated.string:
            problems.append(f"untranslated: {message.id!r}")
    assert not problems, (
        "Messages without French (run `make translations-update`, then translate them in "
        f"{FRENCH_PO.relative_to(ROOT)}):\n" + "\n".join(problems)
    )


def test_french_keeps_every_placeholder_of_the_english():
    problems = []
    for message in french_catalog():
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if string and set(PLACEHOLDER.findall(string)) != expected:
                problems.append(f"{ids[-1]!r} → {string!r}")
    assert not problems, "Placeholders differ:\n" + "\n".join(problems)


def test_french_catalog_has_the_french_plural_rule():
    catalog = french_catalog()
    assert catalog.plural_expr == "(n > 1)" and catalog.num_plurals == 2


# --- choosing the language -------------------------------------------------------------


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def test_accept_language_french_gives_french_pages(client, db):
    response = client.get("/", headers=FRENCH)
    assert html_lang(response) == "fr"
    assert "Répertoire des partenaires et des ressources" in response.text
    assert "Sortie rapide" in response.text and "Quick exit" not in response.text
    assert "Accept-Language" in response.headers["Vary"]


def test_english_is_the_default_and_other_languages_fall_back_to_it(client, db):
    assert html_lang(client.get("/")) == "en"
    assert html_lang(client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"})) == "en"


def test_switch_sets_a_long_lived_cookie_and_returns_to_the_same_page(client, db):
    response = client.post("/language", data={"locale": "fr", "next": "/search?q=youth"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/search?q=youth"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang="))
    assert cookie.startswith("lang=fr;")
    assert "Max-Age=31536000" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development and tests run on plain http

    page = client.get("/search?q=youth")
    assert html_lang(page) == "fr" and "Mots clés" in page.text
    # Remembered: later pages stay French, even when the browser prefers English.
    later = client.get("/about", headers={"Accept-Language": "en"})
    assert html_lang(later) == "fr" and "À propos de ce répertoire" in later.text

    # And back: the switch now offers English, under its own name.
    assert 'value="en" lang="en">English</button>' in later.text
    client.post("/language", data={"locale": "en", "next": "/about"})
    assert html_lang(client.get("/about", headers=FRENCH)) == "en"


def test_the_switch_is_on_every_page_and_returns_there(client, db):
    org = OrganizationFactory(name="Harbour House")
    db.session.commit()
    for path in ("/", "/search?q=harbour&page=1", f"/organizations/{org.slug}", "/auth/login"):
        text = client.get(path).text
        assert 'action="/language"' in text
        expected = path.replace("&", "&amp;")
        assert f'name="next" value="{expected}"' in text, path


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "", "javascript:x"]
)
def test_switch_returns_only_to_a_local_path(client, db, next_url):
    response = client.post("/language", data={"locale": "fr", "next": next_url})
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_switch_refuses_an_unknown_language_without_remembering_it(client, db):
    response = client.post("/language", data={"locale": "de", "next": "/"}, headers=FRENCH)
    assert response.status_code == 400
    assert "Choisissez l’anglais ou le français." in response.text
    assert not any(c.startswith("lang=") for c in response.headers.getlist("Set-Cookie"))


def test_a_get_cannot_switch_the_language(client, db):
    response = client.get("/language?locale=fr&next=/")
    assert response.status_code == 405
    assert not any(c.startswith("lang=") for c in response.headers.getlist("Set-Cookie"))
    assert html_lang(client.get("/")) == "en"


def test_switch_needs_the_csrf_token(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    refused = client.post("/language", data={"locale": "fr", "next": "/"})
    assert refused.status_code == 400
    assert not any(c.startswith("lang=") for c in refused.headers.getlist("Set-Cookie"))

    page = client.get("/about").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    accepted = client.post("/language", data={"locale": "fr", "next": "/", "csrf_token": token})
    assert accepted.status_code == 303


def test_the_cookie_is_secure_in_production(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    response = client.post("/language", data={"locale": "fr", "next": "/"})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang="))
    assert "Secure" in cookie


def test_a_signed_in_choice_is_saved_on_the_account_and_follows_the_person(make_client, db):
    user = UserFactory(email="nadia@example.org")
    db.session.commit()
    browser_for(make_client, user).post("/language", data={"locale": "fr", "next": "/"})
    assert db.session.scalar(sa.select(User.locale).where(User.email == user.email)) == "fr"

    # Another device, no cookie, a browser that prefers English: still French once signed in.
    elsewhere = browser_for(make_client, user)
    assert html_lang(elsewhere.get("/", headers={"Accept-Language": "en"})) == "fr"
    # Signed out there, the browser's own preference applies again.
    assert html_lang(make_client().get("/", headers={"Accept-Language": "en"})) == "en"


def test_registering_from_a_french_page_saves_french_and_mails_in_french(make_client, db, outbox):
    browser = make_client()
    password = "a river of quiet lanterns"
    browser.post(
        "/auth/register",
        data={
            "name": "Élise Tremblay",
            "email": "elise@example.org",
            "account_kind": "professional",
            "password": password,
            "password_again": password,
        },
        headers=FRENCH,
    )
    assert db.session.scalar(sa.select(User.locale).where(User.email == "elise@example.org")) == (
        "fr"
    )
    assert outbox[-1].subject == "Confirmez votre adresse courriel"
    assert "Bonjour Élise Tremblay," in outbox[-1].body


# --- mail in the recipient's language ----------------------------------------------------


def test_moderation_decision_goes_out_in_the_submitters_language(make_client, db, outbox):
    from tests.test_moderation import decide, moderator_browser, submitted_listing

    member_browser, revision = submitted_listing(make_client, db)
    member = revision.submitted_by
    member.locale = "fr"
    db.session.commit()
    moderator, _ = moderator_browser(make_client, db)  # works in English
    decide(moderator, revision, RevisionStatus.APPROVED.value)

    mail = outbox[-1]
    assert mail.to == [member.email]
    assert mail.subject == "Votre fiche est publiée"
    assert "L’équipe de modération a approuvé la fiche de Harbour House Youth Services" in mail.body
    assert "Avec nos meilleures salutations," in mail.body


def test_vetting_decision_goes_out_in_the_members_language(make_client, db, outbox):
    from tests.test_vetting import ASK, people, the_request

    member, moderator = people(db)
    member.locale = "fr"
    db.session.commit()
    browser_for(make_client, member).post("/account/vetting", data=ASK)
    browser_for(make_client, moderator).post(
        f"/moderation/vetting/{the_request().id}",
        data={"decision": "refused", "reason": "Nous n’avons pas pu joindre votre milieu."},
    )
    (mail,) = outbox
    assert mail.subject == "Votre demande de vérification du statut professionnel"
    assert "n’a pas pu vérifier votre statut professionnel cette fois-ci" in mail.body


def test_reminder_from_the_command_line_is_in_the_owners_language(app, db, outbox):
    verified = datetime(2025, 3, 4, tzinfo=UTC)
    org = OrganizationFactory(name="Maison Phare", verified_at=verified, last_reviewed_at=verified)
    french = MembershipFactory(organization=org, role=MembershipRole.OWNER, user__locale="fr")
    english = MembershipFactory(organization=org, role=MembershipRole.OWNER, user__locale="en")
    db.session.commit()

    app.test_cli_runner().invoke(args=["listings", "remind"])

    by_recipient = {mail.to[0]: mail for mail in outbox}
    in_french = by_recipient[french.user.email]
    assert in_french.subject == "Votre fiche est-elle toujours exacte? Maison Phare"
    assert "vérifiée pour la dernière fois le 4 mars 2025" in in_french.body
    in_english = by_recipient[english.user.email]
    assert in_english.subject == "Is your listing still accurate? Maison Phare"
    assert "last verified on March 4, 2025" in in_english.body


# --- content in French --------------------------------------------------------------------


def test_search_facets_show_french_taxonomy_labels(client, db):
    org = OrganizationFactory(name="Clinique Boréale")
    org.sectors.append(term("sector", "health-care"))
    db.session.commit()
    french = client.get("/search", headers=FRENCH).text
    assert "Soins de santé" in french and "Health care" not in french
    english = client.get("/search").text
    assert "Health care" in english and "Soins de santé" not in english


def test_profile_shows_the_description_in_the_visitors_language(client, db):
    both = OrganizationFactory(
        name="Maison Phare",
        description="Shelter and counselling for youth.",
        description_fr="Hébergement et counseling pour les jeunes.",
        verified_at=datetime(2026, 3, 4, tzinfo=UTC),
    )
    english_only = OrganizationFactory(name="Harbour House", description="Youth drop-in.")
    db.session.commit()

    french = client.get(f"/organizations/{both.slug}", headers=FRENCH).text
    assert '<div class="profile-description" lang="fr">' in french
    assert "Hébergement et counseling pour les jeunes." in french
    assert "Shelter and counselling" not in french
    assert "Vérifiée le 4 mars 2026" in french

    english = client.get(f"/organizations/{both.slug}").text
    assert '<div class="profile-description" lang="en">' in english
    assert "Shelter and counselling for youth." in english and "Hébergement" not in english
    assert "Verified on March 4, 2026" in english

    # No French description: the English one, marked as English on the French page.
    fallback = client.get(f"/organizations/{english_only.slug}", headers=FRENCH).text
    assert '<div class="profile-description" lang="en">' in fallback
    assert "Youth drop-in." in fallback


def test_api_keeps_both_descriptions_whatever_the_language(client, db):
    org = OrganizationFactory(description="In English.", description_fr="En français.")
    db.session.commit()
    english = client.get(f"/api/v1/organizations/{org.slug}").get_json()
    french = client.get(f"/api/v1/organizations/{org.slug}", headers=FRENCH).get_json()
    assert english == french
    assert english["description"] == "In English." and english["description_fr"] == "En français."


def test_error_pages_and_form_errors_are_french(client, db):
    missing = client.get("/no-such-page", headers=FRENCH)
    assert missing.status_code == 404
    assert "Nous n’avons pas trouvé cette page" in missing.text
    assert "L’adresse contient peut-être une faute de frappe" in missing.text
    assert "The requested URL was not found" not in missing.text

    # WTForms' own messages (a required field left empty) come in French too.
    login = client.post("/auth/login", data={"email": "", "password": ""}, headers=FRENCH)
    assert "Ce champ est requis." in login.text and "This field is required." not in login.text


def test_the_too_many_requests_page_is_french(tmp_path):
    class Limited(TestConfig):
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = "memory://"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'limits.sqlite3'}"

    app = create_app(Limited)
    with app.app_context():
        upgrade()
    client = app.test_client()
    form = {"email": "nurse@example.org", "password": "wrong password here"}
    responses = [client.post("/auth/login", data=form, headers=FRENCH) for _ in range(6)]
    refused = responses[-1]
    assert refused.status_code == 429
    assert "Trop de requêtes — veuillez patienter un instant" in refused.text
    assert "Trop de tentatives. Veuillez attendre quelques minutes, puis réessayer." in refused.text
    with app.app_context():
        _db.engine.dispose()
