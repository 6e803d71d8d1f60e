"""Response helpers shared by the API views: caching headers and the one error shape."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, jsonify

# Public, anonymous data: shared caches may keep it briefly. Vocabularies change rarely.
SHORT_CACHE = "public, max-age=300"
LONG_CACHE = "public, max-age=3600"


def cached(payload: Any, cache_control: str = SHORT_CACHE) -> Response:
    response = jsonify(payload)
    response.headers["Cache-Control"] = cache_control
    response.vary.add("Accept-Language")  # area descriptions and messages are translated
    return response


def api_error(status: int, messages: list[str], **extra: Any) -> tuple[Response, int]:
    """``{"error": "Bad Request", "messages": [...]}`` — the body of every API error."""
    body = {"error": HTTPStatus(status).phrase, "messages": messages, **extra}
    return jsonify(body), status
