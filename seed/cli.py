"""``flask seed ...`` commands."""

from __future__ import annotations

import time
from typing import Any

import click
import pyotp
from flask.cli import with_appcontext

from directory.extensions import db
from directory.search.bulk import rebuild_index
from directory.taxonomy import VocabularyFull, ensure_taxonomy
from seed.demo import any_organization_exists, load_demo
from seed.demo_users import credentials_path, read_sign_ins
from seed.synthetic import insert_synthetic

LOGIN_URL = "http://127.0.0.1:5000/auth/login"


class _SeedGroup(click.Group):
    """Every seed command loads the vocabularies first: a vocabulary too big for the search
    masks stops it with the reason (exit status 1), not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VocabularyFull as error:
            raise click.ClickException(str(error)) from error


seed_cli = _SeedGroup("seed", help="Load taxonomies, demo data or synthetic data.")


@seed_cli.command("taxonomy")
@with_appcontext
def seed_taxonomy() -> None:
    """Load or refresh the fixed vocabularies (idempotent)."""
    added = ensure_taxonomy()
    db.session.commit()
    click.echo(f"Taxonomy ready ({added} terms added).")


@seed_cli.command("demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Load only into a database without any organization; otherwise just the taxonomy.",
)
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Load the fictional demo organizations and one sign-in per role (idempotent).

    Existing demo organizations (matched by slug) and users (by email) are left untouched.
    New sign-ins' passwords are generated and written to the instance folder's
    demo-credentials.txt (mode 0600); `flask seed credentials` prints them.
    """
    if if_empty and any_organization_exists():
        ensure_taxonomy()
        db.session.commit()
        click.echo("Organizations already present: demo data not loaded (taxonomy checked).")
        return
    result = load_demo()
    click.echo(
        f"Demo data: {result.organizations_added} organizations added, "
        f"{result.organizations_present} already present; {result.users_added} demo users added."
    )
    if result.credentials_path:
        click.echo(f"Their sign-ins are in {result.credentials_path} (flask seed credentials).")


@seed_cli.command("credentials")
@with_appcontext
def seed_credentials() -> None:
    """Print the demo sign-ins (role, email, password) written by `flask seed demo`."""
    sign_ins = read_sign_ins()
    if not sign_ins:
        click.echo(f"No demo sign-ins found in {credentials_path()}; run `flask seed demo` first.")
        return
    click.echo("Demo sign-ins (fictional demo data):")
    width = max(len(sign_in.label) for sign_in in sign_ins)
    for sign_in in sign_ins:
        click.echo(f"  {sign_in.label:<{width}}  {sign_in.email:<26}  {sign_in.password}")
    staff = [sign_in for sign_in in sign_ins if sign_in.totp_secret]
    if staff:
        click.echo(
            "Moderators and administrators also type a two-factor code. Add the key to an"
            " authenticator app, or use the code printed here (valid for about 30 seconds;"
            " run `flask seed credentials` again for a new one):"
        )
        for sign_in in staff:
            code = pyotp.TOTP(sign_in.totp_secret).now()
            click.echo(f"  {sign_in.email:<26}  key {sign_in.totp_secret}  code now {code}")
    click.echo(f"Sign in at {LOGIN_URL}")


@seed_cli.command("synthetic")
@click.option("--count", type=click.IntRange(min=1), required=True, help="Listings to add.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="Listings per batch: one bulk insert per table, then a commit.",
)
@with_appcontext
def seed_synthetic(count: int, batch_size: int) -> None:
    """Add COUNT synthetic listings for benchmarks (published, source "synthetic").

    Running it again adds COUNT more: numbering continues after the highest existing id, so
    slugs stay unique. Listings cluster around real cities, weighted by population.
    """
    ensure_taxonomy()
    db.session.commit()
    started = time.perf_counter()
    with click.progressbar(length=count, label="Inserting synthetic listings") as bar:
        first_id = insert_synthetic(count, batch_size, bar.update)
    with click.progressbar(length=count, label="Indexing for search") as bar:
        rebuild_index(db.session(), batch_size, bar.update, first_id=first_id)
    db.session.commit()
    elapsed = time.perf_counter() - started
    click.echo(f"Added {count} synthetic listings (ids from {first_id}) in {elapsed:.1f} s.")
