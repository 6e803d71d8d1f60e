"""``flask alerts send [--dry-run]``: run it from a daily or weekly timer (docs/alerts.md)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from directory.plain_text import one_line
from directory.saved.alerts import send_alerts, site_base

alerts_cli = click.Group("alerts", help="Mail people what is new for their saved searches.")


@alerts_cli.command("send")
@click.option("--dry-run", is_flag=True, help="Count what would be mailed; send nothing.")
@with_appcontext
def send_command(dry_run: bool) -> None:
    """Mail each person the organizations new or changed for their saved searches."""
    with current_app.test_request_context(base_url=site_base()):  # links in mails need a host
        run = send_alerts(dry_run=dry_run)
    for user_id, reason in run.failed:
        click.echo(f"skipped user {user_id}: {one_line(reason)[:300]}", err=True)
    verb = "would send" if dry_run else "sent"
    click.echo(
        f"{run.users} people with alerts on: {verb} {run.mails} mails about "
        f"{run.organizations} new or changed matches, {len(run.failed)} failed."
    )
    if run.failed:
        raise SystemExit(1)
