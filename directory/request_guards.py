"""Requests refused at the edge, before any view runs: a clear 400, never a 500.

A NUL character (``\\x00``, sent as ``%00`` or ``\\u0000``) anywhere in the path, the query
string, a form field (name or value), an uploaded file's name or a JSON body. No text a person
types contains one, and PostgreSQL refuses it in any text value: it would reach a query and
end as a 500 (SQLite would store it). One guard here covers every route, present and future;
the forms' own validators (``directory.forms``, rules in ``directory.plain_text``) refuse the
other control characters with a message next to the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l

NUL = "\x00"
NUL_DESCRIPTION = _l(
    "What was sent contains a NUL character, which no page of this site accepts. "
    "Remove it and try again."
)


def register_request_guards(app: Flask) -> None:
    app.before_request(refuse_nul_characters)


def refuse_nul_characters() -> None:
    if any(NUL in text for text in _request_texts()):
        abort(400, description=NUL_DESCRIPTION)


def _request_texts() -> Iterator[str]:
    yield request.path
    yield from _pairs(request.args.lists())
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    # Reading the body may raise RequestEntityTooLarge: errors.py answers it with a 413.
    yield from _pairs(request.form.lists())
    for name, upload in request.files.items(multi=True):
        yield name
        yield upload.filename or ""
    if request.is_json:
        try:
            document = request.get_json(silent=True)
        except RecursionError:  # nested deeper than Python's parser goes
            abort(400)
        yield from _json_strings(document)


def _pairs(items: Iterable[tuple[str, list[str]]]) -> Iterator[str]:
    for name, values in items:
        yield name
        yield from values


def _json_strings(document: object) -> Iterator[str]:
    """Every key and string of a parsed JSON body, walked without recursion."""
    waiting = [document]
    while waiting:
        value = waiting.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            yield from (str(key) for key in value)
            waiting.extend(value.values())
        elif isinstance(value, list):
            waiting.extend(value)
