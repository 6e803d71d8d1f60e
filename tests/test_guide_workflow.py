"""The guide workflow, tested like listings: a guide editor drafts and submits, a moderator
who did not write it publishes, the public sees only the published version, and the audit
records each step. Also: who may edit, the administrator's role switch, the CLI, Markdown
sanitising, staleness after 12 months, and a stale save."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from directory.models import AuditEvent, Guide, GuideRevision, Role, User
from tests.factories import UserFactory
from tests.guide_helpers import (
    FRENCH,
    audit_actions,
    demo_guides,  # noqa: F401  (the fixture `guides`)
    edit_form,
    editor_and_moderator,
    full_sections,
    text_of,
)
from tests.listing_helpers import browser_for, hidden_value, page_text


def test_editor_drafts_another_moderator_publishes_the_public_sees_it_after(
    make_client, db, guides
):
    writer, moderator = editor_and_moderator(db)
    editor = browser_for(make_client, writer)
    public = make_client()
    data = edit_form(editor, "finance", **full_sections("Follow the money, sample"))
    assert editor.post("/guides/finance/edit", data=data | {"save_draft": "1"}).status_code == 302
    assert "Follow the money" not in text_of(public, "/guides/finance")

    data = edit_form(editor, "finance", **full_sections("Follow the money, sample"))
    assert editor.post("/guides/finance/edit", data=data | {"submit": "1"}).status_code == 302
    revision = db.session.scalars(sa.select(GuideRevision)).one()
    assert revision.status == "pending"
    assert "Follow the money" not in text_of(public, "/guides/finance")
    queue = browser_for(make_client, moderator).get("/moderation/")
    assert f'href="/moderation/guides/{revision.id}"' in queue.get_data(as_text=True)
    assert 'aria-label="1 waiting"' in queue.get_data(as_text=True)  # the navigation badge

    reviewer = browser_for(make_client, moderator)
    review = reviewer.get(f"/moderation/guides/{revision.id}")
    assert "Follow the money, sample (recognize)" in page_text(review)
    version = hidden_value(review.get_data(as_text=True), "version")
    decision = {"decision": "approved", "reason": "Sources check out.", "version": version}
    assert reviewer.post(f"/moderation/guides/{revision.id}", data=decision).status_code == 302
    published = text_of(public, "/guides/finance")
    assert "Follow the money, sample (recognize)" in published
    french = text_of(public, "/guides/finance", headers=FRENCH)
    assert "Follow the money, sample FR (recognize)" in french
    actions = audit_actions(db)
    assert actions[-3:] == [
        "guide_revision.saved",
        "guide_revision.submitted",
        "guide_revision.approved",
    ]
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.actor_id == moderator.id and event.details["guide"] == "finance"


def test_the_author_may_not_publish_their_own_guide(make_client, db, guides):
    writer, _other = editor_and_moderator(db, role=Role.MODERATOR)
    editor = browser_for(make_client, writer)
    data = edit_form(editor, "finance", **full_sections("My own words"))
    editor.post("/guides/finance/edit", data=data | {"submit": "1"})
    revision = db.session.scalars(sa.select(GuideRevision)).one()
    page = editor.get(f"/moderation/guides/{revision.id}")
    assert "another moderator must decide" in page_text(page)
    decision = {"decision": "approved", "reason": "Mine.", "version": str(revision.version)}
    assert editor.post(f"/moderation/guides/{revision.id}", data=decision).status_code == 403
    db.session.expire_all()
    assert revision.status == "pending" and "decision.refused" in audit_actions(db)
    assert "My own words" not in text_of(make_client(), "/guides/finance")


def test_only_guide_editors_may_edit(make_client, db, guides):
    member, moderator = UserFactory(), UserFactory(role=Role.MODERATOR)
    db.session.commit()
    for user in (member, moderator):
        client = browser_for(make_client, user)
        assert client.get("/guides/finance/edit").status_code == 403
        assert client.post("/guides/finance/edit", data=full_sections("x")).status_code == 403
    assert make_client().get("/guides/finance/edit").status_code == 302
    assert db.session.scalars(sa.select(GuideRevision)).all() == []


def test_submitting_needs_every_section_in_both_languages_with_sources(make_client, db, guides):
    writer, _moderator = editor_and_moderator(db)
    editor = browser_for(make_client, writer)
    data = edit_form(editor, "finance", **full_sections("Text")) | {"respond_sources": ""}
    response = editor.post("/guides/finance/edit", data=data | {"submit": "1"})
    assert response.status_code == 422 and "Fill this in before submitting." in page_text(response)
    assert db.session.scalars(sa.select(GuideRevision)).all() == []


def test_markdown_in_a_guide_is_sanitised(make_client, db, guides):
    writer, moderator = editor_and_moderator(db)
    editor = browser_for(make_client, writer)
    hostile = "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"
    data = edit_form(editor, "finance", **full_sections("Safe")) | {"recognize_en": hostile}
    editor.post("/guides/finance/edit", data=data | {"submit": "1"})
    revision = db.session.scalars(sa.select(GuideRevision)).one()
    reviewer = browser_for(make_client, moderator)
    diff = reviewer.get(f"/moderation/guides/{revision.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in diff and "&lt;script&gt;" in diff
    decision = {"decision": "approved", "reason": "Ok.", "version": str(revision.version)}
    reviewer.post(f"/moderation/guides/{revision.id}", data=decision)
    html = make_client().get("/guides/finance").get_data(as_text=True)
    assert "<script>alert(1)" not in html and 'href="javascript:' not in html
    assert "<img" not in html and "&lt;script&gt;" in html  # shown as typed, never run


def test_a_section_needs_review_after_twelve_months(client, db, guides):
    assert "Needs review" not in text_of(client, "/guides/finance")
    guide = db.session.scalars(sa.select(Guide).where(Guide.slug == "finance")).one()
    old = (datetime.now(UTC) - timedelta(days=400)).date().isoformat()
    guide.sections = {
        name: section | {"reviewed_on": old} for name, section in guide.sections.items()
    }
    db.session.commit()
    assert "Needs review" in text_of(client, "/guides/finance")
    assert "Needs review" in text_of(client, "/guides")


def test_an_administrator_gives_the_guide_editor_role(make_client, db):
    admin, person = UserFactory(role=Role.ADMIN), UserFactory()
    db.session.commit()
    browser = browser_for(make_client, admin)
    response = browser.post(f"/admin/users/{person.id}/guide-editor", data={"guide_editor": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert person.guide_editor and "user.guide_editor_given" in audit_actions(db)
    assert browser_for(make_client, person).get("/guides/finance/edit").status_code == 200


def test_the_command_line_creates_a_guide_editor(app, db):
    args = ["users", "create", "--email", "writer@example.org", "--guide-editor"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0 and "(guide editor)" in result.output
    plain = app.test_cli_runner().invoke(args=["users", "create", "--email", "x@example.org"])
    assert plain.exit_code == 0
    editors = db.session.scalars(sa.select(User.email).where(User.guide_editor)).all()
    assert editors == ["writer@example.org"]


def test_a_stale_save_overwrites_nothing_and_changes_requested_go_back(make_client, db, guides):
    first = UserFactory(guide_editor=True)
    second = UserFactory(guide_editor=True)
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    one, two = browser_for(make_client, first), browser_for(make_client, second)
    stale = edit_form(two, "finance", **full_sections("Second"))
    one.post("/guides/finance/edit", data=edit_form(one, "finance", **full_sections("First")))
    response = two.post("/guides/finance/edit", data=stale | {"submit": "1"})
    assert response.status_code == 303
    revision = db.session.scalars(sa.select(GuideRevision)).one()
    assert revision.payload["sections"]["recognize"]["en"] == "First (recognize)"
    assert revision.status == "draft"

    data = edit_form(two, "finance", **full_sections("Both"))
    assert two.post("/guides/finance/edit", data=data | {"submit": "1"}).status_code == 302
    db.session.expire_all()
    assert {author.id for author in revision.authors} == {first.id, second.id}
    reviewer = browser_for(make_client, moderator)
    version = hidden_value(reviewer.get(f"/moderation/guides/{revision.id}").text, "version")
    ask = {"decision": "changes_requested", "reason": "Cite the hotline.", "version": version}
    assert reviewer.post(f"/moderation/guides/{revision.id}", data=ask).status_code == 302
    assert "Cite the hotline." in text_of(one, "/guides/finance/edit")
    assert "Both (recognize)" not in text_of(make_client(), "/guides/finance")
    assert audit_actions(db)[-1] == "guide_revision.changes_requested"


def test_a_duty_to_report_is_edited_and_shown_in_every_guide_of_that_province(
    make_client, db, guides
):
    writer, moderator = editor_and_moderator(db)
    editor = browser_for(make_client, writer)
    typed = {
        "duty_en": "Call your local child-protection agency (sample).",
        "duty_fr": "Appelez l’organisme local de protection de l’enfance (exemple).",
        "duty_sources": "- [Act](https://www.ontario.ca/laws/statute/17c14)",
    }
    data = edit_form(editor, "duty-to-report-on", **typed)
    assert (
        editor.post("/guides/duty-to-report-on/edit", data=data | {"submit": "1"}).status_code
        == 302
    )
    revision = db.session.scalars(sa.select(GuideRevision)).one()
    reviewer = browser_for(make_client, moderator)
    version = hidden_value(reviewer.get(f"/moderation/guides/{revision.id}").text, "version")
    approve = {"decision": "approved", "reason": "Checked.", "version": version}
    assert reviewer.post(f"/moderation/guides/{revision.id}", data=approve).status_code == 302
    public = make_client()
    for slug in ("policing", "education"):
        text = text_of(public, f"/guides/{slug}?near=Kenora")
        assert "Call your local child-protection agency (sample)." in text
    assert "Call your local" not in text_of(public, "/guides/policing?near=Winnipeg")
    assert (
        public.get("/guides/duty-to-report-on")
        .headers["Location"]
        .endswith("/guides/duty-to-report#on")
    )
