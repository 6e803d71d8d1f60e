"""``flask search reindex``: rebuild the full-text index (after a bulk load or a restore)."""

from __future__ import annotations

import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from directory.extensions import db
from directory.models import Organization, OrganizationStatus
from directory.search.bulk import rebuild_index
from directory.search.index_format import (
    INDEX_FORMAT,
    index_outdated,
    mark_current,
    stored_format,
)
from directory.search.synonyms import load_synonyms, synonyms_file

search_cli = click.Group("search", help="Maintain the search index.")


@search_cli.command("reindex")
@click.option(
    "--if-outdated",
    is_flag=True,
    help="Only if the index was written in an older format (after an upgrade).",
)
@with_appcontext
def reindex_command(if_outdated: bool) -> None:
    """Rebuild the index of every published organization."""
    if if_outdated and not index_outdated(db.session()):
        if stored_format(db.session()) < INDEX_FORMAT:  # empty: nothing to rewrite
            mark_current(db.session())
            db.session.commit()
        click.echo(f"The search index is current (format {INDEX_FORMAT}).")
        return
    if if_outdated:
        click.echo(
            f"The search index is in format {stored_format(db.session())}, this version"
            f" writes {INDEX_FORMAT}: rebuilding it."
        )
    started = time.perf_counter()
    total = db.session.scalar(
        db.select(db.func.count()).where(Organization.status == OrganizationStatus.PUBLISHED)
    )
    with click.progressbar(length=total, label="Indexing", file=sys.stderr) as bar:
        count = rebuild_index(db.session(), progress=bar.update)
    db.session.commit()
    click.echo(f"Indexed {count} organizations in {time.perf_counter() - started:.1f} s.")


@search_cli.command("synonyms")
@with_appcontext
def synonyms_command() -> None:
    """Check the synonym file: its groups, and every line left out (exit status 1)."""
    path = synonyms_file(current_app.config.get("SEARCH_SYNONYMS_FILE"))
    found = load_synonyms(path)
    click.echo(f"{path}: {len(found.groups)} groups of synonyms.")
    for problem in found.problems:
        click.echo(f"{path}, {problem}", err=True)
    if found.problems or not path.is_file():
        raise SystemExit(1)
