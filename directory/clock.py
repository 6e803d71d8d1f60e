"""What time it is: the one place the application asks, so that tests can fix "now".

``now()`` is aware UTC. Tests use ``frozen(moment)`` (a context manager) or set
``app.config["FIXED_NOW"]``; production never sets either.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import current_app, has_app_context

_fixed: list[datetime] = []


def now() -> datetime:
    if _fixed:
        return _fixed[-1]
    if has_app_context():
        configured = current_app.config.get("FIXED_NOW")
        if isinstance(configured, datetime):
            return configured.astimezone(UTC)
    return datetime.now(UTC)


@contextmanager
def frozen(moment: datetime) -> Iterator[datetime]:
    """Inside the block, ``now()`` is ``moment`` (which must be aware)."""
    if moment.tzinfo is None:
        raise ValueError("frozen() needs an aware datetime")
    _fixed.append(moment.astimezone(UTC))
    try:
        yield _fixed[-1]
    finally:
        _fixed.pop()
