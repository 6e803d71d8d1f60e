"""Command-line interface: ``flask --app wsgi <group> <command>``."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from directory.backup import backup_command, restore_command
    from directory.hsds.cli import hsds_cli
    from directory.listings.reminders import listings_cli
    from directory.saved.cli import alerts_cli
    from directory.search.cli import search_cli
    from directory.users_cli import users_cli
    from seed.cli import seed_cli

    app.cli.add_command(seed_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(listings_cli)
    app.cli.add_command(hsds_cli)
    app.cli.add_command(alerts_cli)
