"""gunicorn settings for `make serve` and the systemd unit (docs/deploy.md).

Everything that differs between machines comes from the environment:
``BIND`` (default 127.0.0.1:8000), ``WEB_CONCURRENCY`` (worker processes, default 2 per
core + 1), ``GUNICORN_TIMEOUT`` (seconds before a stuck worker is killed and replaced).
"""

import multiprocessing
import os
from copy import deepcopy

from gunicorn.arbiter import Arbiter
from gunicorn.glogging import CONFIG_DEFAULTS
from gunicorn.workers.base import Worker

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Synchronous workers: each request has a process of its own; searches are CPU-bound.
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30  # on SIGTERM/HUP, in-flight requests get this long to finish
keepalive = 5  # nginx keeps upstream connections open (deploy/nginx/directory.conf)
# By default workers load the app after forking, each its own search index. GUNICORN_PRELOAD=1:
# the master loads the app and the index once and the workers share them copy-on-write (far
# less memory per worker, none loads the index), but HUP then forks new workers from the
# code already loaded: a new release needs a restart instead (docs/deploy.md).
preload_app = os.environ.get("GUNICORN_PRELOAD", "") == "1"


def when_ready(server: Arbiter) -> None:
    """With preload: load the search index in the master, before the workers are forked."""
    if preload_app:
        from directory.search.warmup import share_before_fork

        share_before_fork(server.app.wsgi())


def post_worker_init(worker: Worker) -> None:
    """Load this worker's search index before it takes requests (directory/search/warmup.py);
    with preload, only check that the one it shares is current."""
    from directory.search.warmup import warm_up

    warm_up(worker.wsgi)


# Access lines are nginx's job; set GUNICORN_ACCESS_LOG=- to have them here too.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The application's own warnings (directory.*: database outages; flask-limiter: Redis gone)
# go to stderr beside gunicorn's, so journald keeps them. Without this they would vanish:
# Flask-Limiter gives its logger a NullHandler, which silences Python's last-resort output.
logconfig_dict = deepcopy(CONFIG_DEFAULTS)
logconfig_dict["loggers"]["directory"] = {"level": "INFO", "handlers": ["error_console"]}
logconfig_dict["loggers"]["flask-limiter"] = {"level": "INFO", "handlers": ["error_console"]}
# Each logger writes once: not again through the root logger's handler.
for name in ("directory", "flask-limiter", "gunicorn.error", "gunicorn.access"):
    logconfig_dict["loggers"][name]["propagate"] = False
# A logging configuration makes gunicorn write an access line for every request whatever
# ``accesslog`` says: without GUNICORN_ACCESS_LOG, its logger only takes warnings (it has
# none), so no line is formatted or written (/healthz: a fifth of its time, issue 19).
if not accesslog:
    logconfig_dict["loggers"]["gunicorn.access"]["level"] = "WARNING"
