"""``flask search reindex``: rebuild the full-text index (after a bulk load or a restore)."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from directory.extensions import db
from directory.models import Organization, OrganizationStatus
from directory.search.bulk import rebuild_index

search_cli = click.Group("search", help="Maintain the search index.")


@search_cli.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the index of every published organization."""
    started = time.perf_counter()
    total = db.session.scalar(
        db.select(db.func.count()).where(Organization.status == OrganizationStatus.PUBLISHED)
    )
    with click.progressbar(
        length=total, label="Indexing", file=click.get_text_stream("stderr")
    ) as bar:
        count = rebuild_index(db.session, progress=bar.update)
    db.session.commit()
    click.echo(f"Indexed {count} organizations in {time.perf_counter() - started:.1f} s.")
