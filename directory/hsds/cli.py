"""``flask hsds import PATH`` and ``flask hsds export PATH --format json|csv``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from directory import audit
from directory.extensions import db
from directory.hsds.exporter import count_published, export
from directory.hsds.import_run import run_import
from directory.hsds.sources import Record, SourceError
from directory.models import User

MAX_PROBLEMS_SHOWN = 5_000

hsds_cli = click.Group("hsds", help="Open Referral HSDS 3.0 import and export.")


@hsds_cli.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--pending", is_flag=True, help="Hold new organizations for moderation.")
@click.option("--dry-run", is_flag=True, help="Do and report everything, then roll it back.")
@click.option(
    "--batch",
    is_flag=True,
    help="Keep the good records when some are refused (default: all or nothing).",
)
@click.option(
    "--source",
    "source",
    default=None,
    metavar="NAME",
    help="The publisher's name; required when its ids are not UUIDs (they are namespaced by it).",
)
@with_appcontext
def import_command(
    path: Path, pending: bool, dry_run: bool, batch: bool, source: str | None
) -> None:
    """Import organizations from an HSDS JSON file or a tabular datapackage folder."""
    if source is not None and not source.strip():
        raise click.UsageError("--source needs a name (the publisher's).")
    with contextlib.ExitStack() as stack:

        def progress(records: Iterable[Record], total: int | None) -> Iterable[Record]:
            return stack.enter_context(
                click.progressbar(records, length=total, label="Importing organizations")
            )

        try:
            report = run_import(
                path,
                pending=pending,
                dry_run=dry_run,
                progress=progress,
                batch=batch,
                source=source.strip() if source else None,
            )
        except SourceError as error:
            raise click.ClickException(str(error)) from error
    for note in report.notes:
        click.echo(f"note: {note}")
    if report.notes_not_shown:
        click.echo(f"note: … and {report.notes_not_shown:,} more notes, counted by field below.")
    for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"invalid: {problem}", err=True)
    if len(report.problems) > MAX_PROBLEMS_SHOWN:
        hidden = len(report.problems) - MAX_PROBLEMS_SHOWN
        click.echo(f"invalid: … and {hidden:,} more problems.", err=True)
    for lookalike in report.lookalikes:
        click.echo(f"likely duplicate: {lookalike}")
    if report.lookalikes_not_shown:
        click.echo(f"likely duplicate: … and {report.lookalikes_not_shown:,} more.")
    if report.notes_by_field:
        counts = ", ".join(f"{name} {n}" for name, n in sorted(report.notes_by_field.items()))
        click.echo(f"Notes by field: {counts}.")
    if report.problems and not batch:
        click.echo(
            f"Nothing was imported: {report.refused} record(s) refused"
            f" ({len(report.problems)} problems). Fix them and import again, or use --batch"
            " to keep the other records.",
            err=True,
        )
        raise SystemExit(1)
    if batch and report.problems:
        kept = "; ".join(report.kept_ranges()) or "nothing"
        click.echo(f"{'Would keep' if dry_run else 'Kept'}: {kept}.")
    verb = "Would import" if dry_run else "Imported"
    click.echo(
        f"{verb}: {report.created} new, {report.updated} updated, {report.unchanged} unchanged,"
        f" {report.refused} refused ({len(report.problems)} problems);"
        f" {report.services} services."
    )
    if report.problems:
        raise SystemExit(1)


@hsds_cli.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option(
    "--include-restricted",
    is_flag=True,
    help="Add confidential addresses and professionals-only contacts (admins; audited).",
)
@click.option("--as-user", "as_user", default=None, help="Email of the administrator exporting.")
@with_appcontext
def export_command(path: Path, fmt: str, include_restricted: bool, as_user: str | None) -> None:
    """Export every published organization as HSDS 3.0 (a JSON file, or a CSV folder)."""
    admin = None
    if include_restricted:
        admin = _administrator(as_user)
    total = count_published()
    with click.progressbar(length=total, label="Exporting organizations") as bar:
        count = export(path, fmt, include_restricted, bar.update)
    if admin is not None:
        audit.record(
            admin, "hsds.export_restricted", None, path=str(path), format=fmt, organizations=count
        )
        db.session.commit()
    click.echo(f"Exported {count} organizations to {path} ({fmt}).")


def _administrator(email: str | None) -> User:
    """The administrator answering for a restricted export (named in its audit event).

    Whoever runs the command already has the server's shell; the account names who answers
    for it. An active administrator account is enough (two-factor guards web sign-in).
    """
    if not email:
        raise click.UsageError("--include-restricted needs --as-user EMAIL of an administrator.")
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.lower()))
    if user is None or not (user.is_admin and user.is_active):
        raise click.UsageError(f"{email} is not an active administrator.")
    return user
