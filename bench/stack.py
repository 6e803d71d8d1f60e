"""The production stack on loopback: gunicorn app servers behind nginx, one PostgreSQL
database, one Redis. tests/test_stack.py, `make loadtest` and the fault scripts run on it.

Everything it starts lives in a temporary directory and on free ports; nginx runs as the
current user with ``deploy/nginx/directory.conf`` (the file docs/deploy.md installs), included
from a minimal nginx.conf whose pid, logs and temp paths are all in that directory.
"""

from __future__ import annotations

import contextlib
import html
import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import sqlalchemy as sa
from flask_static_digest.digester import compile as digest_compile

ROOT = Path(__file__).resolve().parent.parent
PYTHON_BIN = Path(sys.executable).parent
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"

NGINX_MAIN = """\
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/directory.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None
    )


def postgres_answers(url: str) -> bool:
    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 2})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except sa.exc.SQLAlchemyError:
        return False


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def wait_for(url: str, seconds: float = 120.0, status: int = 200) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == status:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer {status} within {seconds:.0f} s")
        time.sleep(0.2)


def render_site_config(listen: str, upstreams: list[str], static_root: Path) -> str:
    servers = "\n    ".join(f"server {u} max_fails=3 fail_timeout=5s;" for u in upstreams)
    text = (ROOT / "deploy" / "nginx" / "directory.conf").read_text()
    return (
        text.replace("@UPSTREAM_SERVERS@", servers)
        .replace("@LISTEN@", listen)
        .replace("@SERVER_NAME@", "127.0.0.1 localhost")
        .replace("@STATIC_ROOT@", str(static_root))
    )


@dataclass
class Stack:
    """``with Stack(...) as stack:`` starts everything; leaving stops it and drops the
    database it created. ``database`` names an existing database to use as it is instead."""

    server_url: str = DEFAULT_POSTGRES  # any database on the server, for CREATE DATABASE
    redis_url: str = DEFAULT_REDIS
    instances: int = 2
    workers: int = 1  # WEB_CONCURRENCY of each instance
    database: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    tmp: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="directory-stack-")))
    ports: list[int] = field(default_factory=list)
    nginx_port: int = 0
    _created_database: str | None = None
    _gunicorns: list[subprocess.Popen] = field(default_factory=list)
    _nginx: subprocess.Popen | None = None

    # --- addresses
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def app_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[index]}"

    @property
    def database_url(self) -> str:
        url = sa.engine.make_url(self.server_url)
        return url.set(database=self.database or self._created_database).render_as_string(
            hide_password=False
        )

    @property
    def key_prefix(self) -> str:
        return f"stack{os.getpid()}"

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DIRECTORY_ENV": "production",
            "SECRET_KEY": self.secret_key,
            "TRUSTED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "RATELIMIT_KEY_PREFIX": self.key_prefix,
            "PROXY_FIX_HOPS": "1",
            "WEB_CONCURRENCY": str(self.workers),
            "MAIL_BACKEND": "file",
            "MAIL_FILE_PATH": str(self.tmp / "mail"),
            "SITE_URL": "http://127.0.0.1",
            **self.extra_env,
        }
        env.pop("FLASK_DEBUG", None)
        return env

    # --- life cycle
    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __post_init__(self) -> None:
        self.secret_key = secrets.token_urlsafe(48)

    def start(self) -> None:
        started = time.monotonic()
        if self.database is None:
            self._created_database = f"test_stack_{os.getpid()}"
            self._admin(f'DROP DATABASE IF EXISTS "{self._created_database}"')
            self._admin(f'CREATE DATABASE "{self._created_database}"')
            self._migrate()
        # What `make serve` does before starting gunicorn (`flask digest compile`).
        static = str(ROOT / "directory" / "static")
        with contextlib.redirect_stdout(io.StringIO()):
            digest_compile(static, static, [], True, False)
        self.ports = [free_port() for _ in range(self.instances)]
        for port in self.ports:
            self.start_instance(port)
        self.nginx_port = free_port()
        self._start_nginx()
        for index in range(self.instances):
            wait_for(self.app_url(index) + "/readyz")
        wait_for(self.url + "/readyz")
        self.startup_seconds = time.monotonic() - started

    def _migrate(self) -> None:
        """`flask db upgrade` and `flask seed taxonomy`, in this process (one interpreter
        fewer to start on a busy machine)."""
        from flask_migrate import upgrade

        from config import TestConfig
        from directory import create_app
        from directory.extensions import db
        from directory.taxonomy import ensure_taxonomy

        class StackDatabase(TestConfig):
            SQLALCHEMY_DATABASE_URI = self.database_url

        app = create_app(StackDatabase)
        with app.app_context(), contextlib.redirect_stderr(io.StringIO()):
            upgrade()
            ensure_taxonomy()
            db.session.commit()
            db.engine.dispose()

    def start_instance(self, port: int) -> subprocess.Popen:
        with open(self.tmp / f"gunicorn-{port}.log", "ab") as log:  # the child keeps its copy
            process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
                [str(PYTHON_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT,
                env={**self.env(), "BIND": f"127.0.0.1:{port}"},
                stdout=log,
                stderr=log,
            )
        self._gunicorns.append(process)
        return process

    def gunicorn(self, index: int) -> subprocess.Popen:
        return self._gunicorns[index]

    def log_text(self, index: int) -> str:
        return (self.tmp / f"gunicorn-{self.ports[index]}.log").read_text(errors="replace")

    def flask(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
            [str(PYTHON_BIN / "flask"), "--app", "wsgi", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stderr[-2000:]}")
        return result.stdout

    def _start_nginx(self) -> None:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed (make stack-deps)")
        upstreams = [f"127.0.0.1:{p}" for p in self.ports]
        site = render_site_config(
            f"127.0.0.1:{self.nginx_port}", upstreams, ROOT / "directory" / "static"
        )
        (self.tmp / "directory.conf").write_text(site)
        (self.tmp / "nginx.conf").write_text(NGINX_MAIN.format(tmp=self.tmp))
        # Started as root, nginx's workers run as nobody: they must reach client_body/ (which
        # nginx makes theirs) to buffer a large request body; the folder is mkdtemp's 0700.
        self.tmp.chmod(0o711)
        arguments = ["-e", str(self.tmp / "nginx-error.log"), "-c", str(self.tmp / "nginx.conf")]
        with open(self.tmp / "nginx-stderr.log", "ab") as log:
            self._nginx = subprocess.Popen(  # noqa: S603 - fixed arguments
                [binary, *arguments, "-p", str(self.tmp), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )

    def stop(self) -> None:
        processes = [p for p in [self._nginx, *self._gunicorns] if p is not None]
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._gunicorns.clear()
        self._nginx = None
        if self._created_database:
            self._admin(  # our own database's name, made above from a number
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "  # noqa: S608
                f"'{self._created_database}' AND pid <> pg_backend_pid()"
            )
            self._admin(f'DROP DATABASE IF EXISTS "{self._created_database}"')
            self._created_database = None
        self._forget_rate_limits()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _forget_rate_limits(self) -> None:
        import redis

        try:
            client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=2)
            keys = list(client.scan_iter(match=f"*{self.key_prefix}*", count=1000))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass  # a fault script may have stopped its own Redis already

    def _admin(self, statement: str) -> None:
        engine = sa.create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
        engine.dispose()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies kept by hand: the production session cookie is ``Secure`` and these requests
    are plain http on loopback, where a standard cookie jar would hold it back."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def open(self, method: str, url: str, data: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method=method)  # noqa: S310 - loopback
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            text = response.read().decode("utf-8", "replace")
        self._keep_cookies(response.headers)
        return response.status, response.headers, text

    def _keep_cookies(self, headers: Message) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "Max-Age=0" not in header:
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)

    def hidden_fields(self, url: str) -> dict[str, str]:
        status, _, page = self.open("GET", url)
        assert status == 200, (url, status)
        fields = {}
        for tag in re.findall(r"<input\b[^>]*>", page):
            attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
            if attributes.get("type") == "hidden" and "name" in attributes:
                fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
        return fields

    def submit(self, url: str, data: dict, form_url: str | None = None):
        """GET the form (for its CSRF token and hidden fields), then POST it with ``data``."""
        return self.open("POST", url, {**self.hidden_fields(form_url or url), **data})

    def sign_in(self, base: str, email: str, password: str, totp_secret: str | None = None) -> None:
        status, headers, _ = self.submit(
            f"{base}/auth/login", {"email": email, "password": password}
        )
        assert status == 302, status
        if headers["Location"].endswith("/auth/two-factor"):
            import pyotp

            code = pyotp.TOTP(totp_secret).now()
            status, _, _ = self.submit(f"{base}/auth/two-factor", {"code": code})
            assert status == 302, status
