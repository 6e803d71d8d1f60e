"""Partner & Resource Directory: the application factory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask

from config import Config, ProductionConfig, config_from_env
from directory.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

if TYPE_CHECKING:
    from directory.models import User


def create_app(config_class: type[Config] | None = None) -> Flask:
    config_class = config_class or config_from_env()
    if issubclass(config_class, ProductionConfig):
        config_class.check()
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    if app.config["PROXY_FIX_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_HOPS"]
        # Flask documents replacing wsgi_app with middleware; its types declare a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    _ensure_instance_folder(app)
    register_extensions(app)
    register_request_guards(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_static_assets(app)
    register_commands(app)
    register_security_headers(app)
    register_cors(app)
    return app


def _ensure_instance_folder(app: Flask) -> None:
    from pathlib import Path

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def _select_locale() -> str:
    from directory.i18n.locale import select_locale

    return select_locale()


def register_extensions(app: Flask) -> None:
    from directory import database, models  # noqa: F401  (SQLite pragmas; models for Alembic)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.anonymous_user = models.AnonymousViewer
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    mail.init_app(app)

    from directory.permissions import redirect_to_login

    login_manager.unauthorized_handler(redirect_to_login)

    from directory.search.index import register_index_hooks

    register_index_hooks()

    @login_manager.user_loader
    def load_user(session_token: str) -> User | None:
        from directory.models import User

        return db.session.scalar(db.select(User).filter_by(session_token=session_token))


def _migrations_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "migrations"


def register_blueprints(app: Flask) -> None:
    from directory.admin import bp as admin_bp
    from directory.api import bp as api_bp
    from directory.auth import bp as auth_bp
    from directory.claims import bp as claims_bp
    from directory.coverage import bp as coverage_bp
    from directory.errors import register_error_handlers
    from directory.guides import bp as guides_bp
    from directory.health import bp as health_bp
    from directory.hsds import bp as hsds_bp
    from directory.i18n import bp as i18n_bp
    from directory.listings import bp as listings_bp
    from directory.moderation import bp as moderation_bp
    from directory.partnerships import bp as partnerships_bp
    from directory.public import bp as public_bp
    from directory.reports import bp as reports_bp
    from directory.response import bp as response_bp
    from directory.saved import bp as saved_bp
    from directory.shortlist import bp as shortlist_bp
    from directory.vetting import bp as vetting_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(listings_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(vetting_bp)
    app.register_blueprint(claims_bp)
    app.register_blueprint(shortlist_bp)
    app.register_blueprint(saved_bp)
    app.register_blueprint(guides_bp)
    app.register_blueprint(response_bp)
    app.register_blueprint(coverage_bp)
    app.register_blueprint(partnerships_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(hsds_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(i18n_bp)
    register_error_handlers(app)


def register_request_guards(app: Flask) -> None:
    from directory.request_guards import register_request_guards as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from directory.templating import init_templating

    init_templating(app)


def register_static_assets(app: Flask) -> None:
    from directory.static_assets import init_static_assets

    init_static_assets(app)


def register_security_headers(app: Flask) -> None:
    from directory.security_headers import register_security_headers as register

    register(app)


def register_cors(app: Flask) -> None:
    from directory.cors import register_cors as register

    register(app)


def register_commands(app: Flask) -> None:
    from directory.cli import register_cli

    register_cli(app)
