"""``flask listings remind``: mail the owners of every listing due for re-verification.

Run it daily from cron; it is idempotent. Each due listing's owners get one reminder per
verification (``freshness.already_reminded``); confirming the listing starts a new cycle.
Each listing is committed on its own, right after its mail went out, so an interrupted run
resumes where it stopped.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import click
from flask import current_app, render_template
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_mailman import EmailMessage

from directory.auth.mail import absolute_url
from directory.extensions import db
from directory.i18n.locale import in_locale_of
from directory.listings import freshness
from directory.models import Organization, User

listings_cli = click.Group("listings", help="Keep published listings fresh.")


def reminder_message(user: User, organization: Organization) -> EmailMessage:
    with in_locale_of(user):
        body = render_template(
            "listings/mail/reminder.txt",
            user=user,
            organization=organization,
            link=absolute_url("listings.index"),
            months=current_app.config["REVERIFY_AFTER_MONTHS"],
            hide_months=current_app.config["HIDE_AFTER_MONTHS"],
            site_url=current_app.config["SITE_URL"] or absolute_url("public.home").rstrip("/"),
        )
        subject = _("Is your listing still accurate? %(name)s", name=organization.name)
    return EmailMessage(subject=subject, body=body, to=[user.email])


@dataclass
class ReminderRun:
    """What one run did. Listings without an owner to mail (unclaimed, imported) are not
    recorded as reminded, so that whoever claims them later still gets the reminder."""

    due: int = 0
    reminded: int = 0  # listings whose owners were mailed in this run
    mails: int = 0
    already: int = 0  # reminded before for the same verification
    ownerless: int = 0


def send_reminders(progress: Callable[[int], None] | None = None) -> ReminderRun:
    """Remind the owners of due listings not reminded yet for their current verification."""
    run = ReminderRun()
    for organization in freshness.listings_due():
        run.due += 1
        owners = list(freshness.owners_of(organization))
        if freshness.already_reminded(organization):
            run.already += 1
        elif not owners:
            run.ownerless += 1
        else:
            for owner in owners:
                reminder_message(owner, organization).send()
            freshness.record_reminder(organization, recipients=len(owners))
            db.session.commit()
            run.reminded += 1
            run.mails += len(owners)
        if progress is not None:
            progress(1)
    return run


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
    click.echo(
        f"{run.due} listings need re-verification: reminded {run.reminded} ({run.mails} mails), "
        f"{run.already} already reminded, {run.ownerless} without an owner to remind."
    )
