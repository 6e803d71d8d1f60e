"""``flask listings remind``: mail the owners of every listing due for re-verification.

Run it daily from cron; it is idempotent. Each due listing's owners get one reminder per
verification (``freshness.already_reminded``); confirming the listing starts a new cycle.
Each listing is committed on its own, right after its mail went out, so an interrupted run
resumes where it stopped.

A listing whose reminder cannot be made or sent (a bad address or header in the data, a
template error, the mail server refusing it) is skipped and reported by id with the reason;
the others still go out, and the command exits with status 1 after its summary so that cron
reports the run. The skipped listing is tried again on the next run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import click
from flask import current_app, render_template
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_mailman import EmailMessage

from directory.auth.mail import absolute_url
from directory.extensions import db
from directory.i18n.locale import in_locale_of
from directory.listings import freshness
from directory.listings.confirm_link import confirm_token
from directory.models import Organization, User
from directory.outgoing_mail import email_message
from directory.plain_text import one_line

listings_cli = click.Group("listings", help="Keep published listings fresh.")


def reminder_message(user: User, organization: Organization) -> EmailMessage:
    with in_locale_of(user):
        body = render_template(
            "listings/mail/reminder.txt",
            user=user,
            organization=organization,
            link=absolute_url("listings.index"),
            confirm_link=absolute_url(
                "listings.confirm_by_link", token=confirm_token(user, organization)
            ),
            link_days=current_app.config["REVERIFY_LINK_DAYS"],
            months=current_app.config["REVERIFY_AFTER_MONTHS"],
            hide_months=current_app.config["HIDE_AFTER_MONTHS"],
            site_url=current_app.config["SITE_URL"] or absolute_url("public.home").rstrip("/"),
        )
        subject = _("Is your listing still accurate? %(name)s", name=organization.name)
    return email_message(subject, body, [user.email])


@dataclass
class ReminderRun:
    """What one run did. Listings without an owner to mail (unclaimed, imported) are not
    recorded as reminded, so that whoever claims them later still gets the reminder."""

    due: int = 0
    reminded: int = 0  # listings whose owners were mailed in this run
    mails: int = 0
    already: int = 0  # reminded before for the same verification
    ownerless: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)  # (organization id, reason)


def send_reminders(progress: Callable[[int], None] | None = None) -> ReminderRun:
    """Remind the owners of due listings not reminded yet for their current verification."""
    run = ReminderRun()
    for organization in freshness.listings_due():
        run.due += 1
        organization_id = organization.id
        try:
            _remind(organization, run)
        except Exception as error:  # one bad record must not stop the others
            db.session.rollback()
            run.failed.append((organization_id, f"{type(error).__name__}: {error}"))
        if progress is not None:
            progress(1)
    return run


def _remind(organization: Organization, run: ReminderRun) -> None:
    owners = list(freshness.owners_of(organization))
    if freshness.already_reminded(organization):
        run.already += 1
        return
    if not owners:
        run.ownerless += 1
        return
    messages = [reminder_message(owner, organization) for owner in owners]
    for message in messages:
        message.message()  # builds the headers: a bad one fails here, before any mail left
    for message in messages:
        message.send()
    freshness.record_reminder(organization, recipients=owners)
    db.session.commit()
    run.reminded += 1
    run.mails += len(owners)


@listings_cli.command("remind")
@with_appcontext
def remind_command() -> None:
    """Mail a re-verification reminder to the owners of each listing that needs one."""
    total = len(freshness.listings_due())
    site = current_app.config["SITE_URL"] or "http://localhost"
    with (
        current_app.test_request_context(base_url=site),  # links in mails need a host
        click.progressbar(length=total, label="Reminding", file=sys.stderr) as bar,
    ):
        run = send_reminders(progress=bar.update)
    for organization_id, reason in run.failed:
        click.echo(f"skipped listing {organization_id}: {one_line(reason)[:300]}", err=True)
    click.echo(
        f"{run.due} listings need re-verification: reminded {run.reminded} ({run.mails} mails), "
        f"{run.already} already reminded, {run.ownerless} without an owner to remind, "
        f"{len(run.failed)} failed."
    )
    if run.failed:
        raise SystemExit(1)
