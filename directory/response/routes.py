"""``/response?near=…``: the local response card. Read ``near``, build the card, render."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import render_template, request
from flask_login import current_user

from directory.extensions import db
from directory.response import bp
from directory.response.services import build_card, has_direct_lines


@bp.get("/response")
def card() -> tuple[str, int]:
    viewer = current_user if current_user.is_authenticated else None
    response_card = build_card(request.args.get("near", ""), viewer)
    if has_direct_lines(response_card):
        db.session.commit()  # the audit of the direct lines shown
    status = 400 if response_card.problem else 200
    return render_template("response/card.html", card=response_card, now=datetime.now(UTC)), status
