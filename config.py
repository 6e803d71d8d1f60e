"""Configuration classes, read from the environment.

Every setting that matters in production comes from an environment variable; the defaults are
safe for a developer's machine (SQLite under ``instance/``, mail written to files).
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused by ProductionConfig


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _database_url(default_file: str) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / default_file}"
    # Heroku-style URLs name the old driver; psycopg 3 is the one we install.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url("directory.sqlite3")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "fr")

    GEOCODER = os.environ.get("GEOCODER", "offline")  # or "nominatim"
    # Nominatim's usage policy asks for a user agent that identifies the application.
    NOMINATIM_USER_AGENT = os.environ.get(
        "NOMINATIM_USER_AGENT", "partner-directory/0.1 (set NOMINATIM_USER_AGENT)"
    )
    # A host name, or a URL with its scheme for a self-hosted server ("http://10.0.0.5:8080").
    NOMINATIM_DOMAIN = os.environ.get("NOMINATIM_DOMAIN", "nominatim.openstreetmap.org")
    # Empty: no tiles, the map draws province outlines from this site. A tile server is a third
    # party that sees which areas visitors look at: only one the operator runs or trusts.
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
    MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
    QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://weather.gc.ca/")
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # Rate-limit counters: shared in Redis when configured, else per process.
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # Redis gone: per-process counters, one warning
    # A Redis that hangs must not hang every request: give up on it after a second.
    RATELIMIT_STORAGE_OPTIONS = {"socket_timeout": 1, "socket_connect_timeout": 1}
    RATELIMIT_HEADERS_ENABLED = True
    # Several sites (or a test run) sharing one Redis keep their counters apart.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "")

    # Listing freshness, in months (DESIGN.md: re-verify at 12, hide at 18).
    REVERIFY_AFTER_MONTHS = int(os.environ.get("REVERIFY_AFTER_MONTHS", "12"))
    # How long the reminder's one-click "still accurate" link works (listings/confirm_link.py).
    REVERIFY_LINK_DAYS = int(os.environ.get("REVERIFY_LINK_DAYS", "30"))
    HIDE_AFTER_MONTHS = int(os.environ.get("HIDE_AFTER_MONTHS", "18"))
    # A service's capacity ("Full", "Waitlist") counts as current this many days after it was
    # last said; then it reads as unknown again (docs/listings.md, "Capacity").
    CAPACITY_STALE_DAYS = int(os.environ.get("CAPACITY_STALE_DAYS", "14"))
    # A guide section not reviewed for this long shows "Needs review" (docs/guides.md).
    GUIDE_REVIEW_AFTER_MONTHS = int(os.environ.get("GUIDE_REVIEW_AFTER_MONTHS", "12"))

    # Full-text matches each process remembers until the next write anywhere, in ids (8 bytes
    # each; 2,000,000 is 16 MB): paging, changing a filter or the radius reuses them. 0: none.
    SEARCH_MEMORY_IDS = int(os.environ.get("SEARCH_MEMORY_IDS", "2000000"))
    # Keyword synonyms (docs/search.md, "Synonyms"): one group of equivalent words per line.
    # Empty: the list shipped in directory/search/synonyms.txt. Moderators may point it at a
    # file of their own under instance/; it is re-read when it changes, no restart needed.
    SEARCH_SYNONYMS_FILE = os.environ.get("SEARCH_SYNONYMS_FILE", "")

    # scrypt N=2^17, r=8, p=1 (OWASP's recommendation for scrypt).
    PASSWORD_HASH_METHOD = "scrypt:131072:8:1"  # noqa: S105 - a method, not a secret

    # Mail through Flask-Mailman. "file" (the default) writes each message to a file under
    # MAIL_FILE_PATH instead of sending it; "smtp" sends through MAIL_SERVER; tests use "locmem".
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    MAIL_FILE_PATH = os.environ.get("MAIL_FILE_PATH", str(INSTANCE_DIR / "mail"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")  # STARTTLS, usually port 587
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")  # implicit TLS, usually port 465
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Partner & Resource Directory <no-reply@localhost>"
    )
    # Base of the links in mail ("https://directory.example.ca"). Empty: the request's own
    # host, which a forged Host header could change: production refuses to start without it.
    SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
    EMAIL_CONFIRMATION_MAX_AGE = 48 * 3600  # seconds a confirmation link works
    PASSWORD_RESET_MAX_AGE = 3600  # seconds a password reset link works

    # Host names this site answers to (Flask refuses others); required in production.
    TRUSTED_HOSTS = _env_list("TRUSTED_HOSTS") or None
    # Proxies in front that set X-Forwarded-*: trusted only when counted here (0: none).
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))

    # Link static files under their content-hashed names (directory/static_assets.py).
    STATIC_DIGEST = _env_bool("STATIC_DIGEST")

    PER_PAGE_DEFAULT = 20
    PER_PAGE_MAX = 100
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)  # "keep me signed in" lasts 30 days at most


class DevelopmentConfig(Config):
    DEBUG = False  # the debugger is opt-in (FLASK_DEBUG=1), never a default


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False  # the one test of limits turns them on in an app of its own
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105 - cheap hashing for fast tests
    MAIL_BACKEND = "locmem"  # messages collect in app.extensions["mailman"].outbox
    SITE_URL = ""
    SERVER_NAME = "localhost"
    # `flask seed demo` in a test writes its sign-ins here, never over the developer's
    # instance/demo-credentials.txt (which `make run` prints and must match their database).
    DEMO_CREDENTIALS_PATH = os.path.join(
        tempfile.gettempdir(), f"directory-test-sign-ins-{os.getpid()}.txt"
    )


class ProductionConfig(Config):
    STATIC_DIGEST = _env_bool("STATIC_DIGEST", default=True)
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def check(cls) -> None:
        """Refuse to run production unsafely: a secret anyone can read in this repository,
        the debugger on, any Host header accepted, mailed links built from the Host header,
        or no cap on request size."""
        if not cls.SECRET_KEY or cls.SECRET_KEY == DEFAULT_SECRET_KEY or len(cls.SECRET_KEY) < 32:
            raise RuntimeError(
                "ProductionConfig needs SECRET_KEY set to a random value of 32+ characters."
            )
        if getattr(cls, "DEBUG", False) or _env_bool("FLASK_DEBUG"):
            raise RuntimeError("ProductionConfig refuses to run with debug on.")
        if not cls.TRUSTED_HOSTS:
            raise RuntimeError("ProductionConfig needs TRUSTED_HOSTS (the site's host names).")
        site = urlsplit(cls.SITE_URL or "")
        if site.scheme not in ("http", "https") or not site.netloc:
            raise RuntimeError(
                "ProductionConfig needs SITE_URL, the site's address for links in mail "
                "(https://directory.example.ca)."
            )
        if not cls.MAX_CONTENT_LENGTH:
            raise RuntimeError("ProductionConfig needs MAX_CONTENT_LENGTH.")


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS[os.environ.get("DIRECTORY_ENV", "development")]
