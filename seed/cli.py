"""``flask seed ...`` commands."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from directory.extensions import db
from directory.taxonomy import ensure_taxonomy

seed_cli = click.Group("seed", help="Load taxonomies, demo data or synthetic data.")


@seed_cli.command("taxonomy")
@with_appcontext
def seed_taxonomy() -> None:
    """Load or refresh the fixed vocabularies (idempotent)."""
    added = ensure_taxonomy()
    db.session.commit()
    click.echo(f"Taxonomy ready ({added} terms added).")
