"""Open Referral HSDS 3.0: import (``importer``), export (``exporter``), the command line
(``cli``) and the read API under ``/api/hsds/`` (``routes``), all sharing the field mapping
of ``serialize`` (ours → HSDS) and ``mapping`` (HSDS → ours). Decisions: docs/hsds.md.

The API is read-only (GET) and anonymous, with exactly the public restrictions of
``/api/v1``: confidential addresses and professionals-only contacts are never in it.
"""

from flask import Blueprint

bp = Blueprint("hsds", __name__, url_prefix="/api/hsds")

from directory.hsds import routes  # noqa: E402, F401
