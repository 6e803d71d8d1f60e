from flask import Blueprint
from flask.sansio.blueprints import BlueprintSetupState

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.record_once
def _make_the_dummy_hash(state: BlueprintSetupState) -> None:
    """At start-up, so that no sign-in pays for it (see ``services.authenticate``)."""
    from directory.auth.services import dummy_hash

    dummy_hash(state.app.config["PASSWORD_HASH_METHOD"])


from directory.auth import routes, two_factor_routes  # noqa: E402, F401
