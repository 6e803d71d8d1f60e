"""Probes for a load balancer or an orchestrator.

``/healthz``: the process is up. No database, no template: the cheapest response we serve.
``/readyz``: this process can serve real requests: the database answers and, when
``REDIS_URL`` is set, Redis answers too. A 503 takes the instance out of rotation; the body
names the part that failed (never an error message: those can hold addresses or passwords).
"""

from __future__ import annotations

import logging

import redis
import sqlalchemy as sa
from flask import Blueprint, Response, current_app

from directory.extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)
PROBE_TIMEOUT_SECONDS = 2


@bp.get("/healthz")
def healthz() -> Response:
    return _plain("ok\n", 200)


@bp.get("/readyz")
def readyz() -> Response:
    checks = {"database": _database_answers()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis_answers()
    body = "".join(f"{name}: {'ok' if up else 'unavailable'}\n" for name, up in checks.items())
    return _plain(body, 200 if all(checks.values()) else 503)


def _plain(body: str, status: int) -> Response:
    return Response(
        body, status=status, mimetype="text/plain", headers={"Cache-Control": "no-store"}
    )


def _database_answers() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
        db.session.rollback()
        return True
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        log.warning("readyz: database unavailable (%s)", type(error).__name__)
        return False


def _redis_answers() -> bool:
    client = current_app.extensions.get("readyz_redis")
    if client is None:
        client = redis.Redis.from_url(
            current_app.config["REDIS_URL"],
            socket_timeout=PROBE_TIMEOUT_SECONDS,
            socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
        )
        current_app.extensions["readyz_redis"] = client
    try:
        return bool(client.ping())
    except redis.RedisError as error:
        log.warning("readyz: Redis unavailable (%s)", type(error).__name__)
        return False
