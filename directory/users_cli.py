"""``flask users create``: make an account from the shell (the first admin, for example)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from directory.auth.passwords import hash_password
from directory.extensions import db
from directory.models import Role, User

users_cli = click.Group("users", help="Manage user accounts.")


@users_cli.command("create")
@click.option("--email", required=True, help="Sign-in email address.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.MEMBER.value)
@click.option("--name", default=None, help="Display name (defaults to the email's local part).")
@click.option(
    "--password",
    default=None,
    help="Password; omit to generate one, printed once. Prefer the prompt-free generated one.",
)
@with_appcontext
def create_user(email: str, role: str, name: str | None, password: str | None) -> None:
    """Create a confirmed account with the given role."""
    email = email.strip().lower()
    if db.session.scalar(sa.select(User).where(User.email == email)):
        raise click.ClickException(f"A user with email {email} already exists.")
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    user = User(
        email=email,
        name=name or email.split("@")[0],
        role=role,
        password_hash=hash_password(password),
        email_confirmed_at=datetime.now(UTC),
    )
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {email}.")
    if generated:
        click.echo(f"Generated password (shown once): {password}")
