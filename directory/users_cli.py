"""``flask users create``: make an account from the shell (the first admin, for example)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from directory.auth.passwords import hash_password, password_problem
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
@click.option("--guide-editor", is_flag=True, help="May draft sector guides (docs/guides.md).")
@with_appcontext
def create_user(
    email: str, role: str, name: str | None, password: str | None, guide_editor: bool
) -> None:
    """Create a confirmed account with the given role."""
    email = email.strip().lower()
    if db.session.scalar(sa.select(User).where(User.email == email)):
        raise click.ClickException(f"A user with email {email} already exists.")
    problem = password_problem(password, email) if password is not None else None
    if problem is not None:
        raise click.ClickException(problem)
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    user = User(
        email=email,
        name=name or email.split("@")[0],
        role=role,
        password_hash=hash_password(password),
        email_confirmed_at=datetime.now(UTC),
        guide_editor=guide_editor,
    )
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {email}{' (guide editor)' if guide_editor else ''}.")
    if generated:
        click.echo(f"Generated password (shown once): {password}")


@users_cli.command("reset-two-factor")
@click.argument("email")
@with_appcontext
def reset_two_factor(email: str) -> None:
    """Turn off someone's two-factor sign-in (lost phone and recovery codes).

    Ends their sessions too. Staff must set it up again at their next sign-in before they
    can moderate. Check who is asking (a call back on a known number) before you do this.
    """
    from directory import audit
    from directory.auth import two_factor
    from directory.models.user import new_session_token

    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user with email {email}.")
    two_factor.disable(user)
    user.session_token = new_session_token()
    audit.record(None, "auth.two_factor_reset", target=user, by="flask users reset-two-factor")
    db.session.commit()
    click.echo(f"Two-factor sign-in is off for {user.email}; their sessions are ended.")
