"""`make faults`: three failures under load on the loopback stack (bench/stack.py), each
with its verdict; the figures go in docs/benchmarks.md. Rerun any one: ``python -m
bench.faults postgres|redis|worker``.

- postgres: PostgreSQL stopped for 10 s while searches run. Every answer must be a 200 or the
  styled 503 (Retry-After, no stack trace); after the restart the app answers 200 again by
  itself (pool_pre_ping), with no restart of its own.
- redis: the app servers' Redis (a private redis-server on a free port, never the shared one)
  is killed. Searches and sign-ins keep working; rate limits fall back to memory, logged once.
- worker: gunicorn workers are killed (SIGKILL) while members submit listings. A submission
  that got an error is sent again, as a person would; no submission that was answered
  "saved" may be missing, and none may be saved twice.

The PostgreSQL server is shared by everyone on this machine: it is restarted in a ``finally``
and on SIGINT/SIGTERM, and checked to answer, whatever happens here.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from bench.listing_data import listing_form
from bench.stack import DEFAULT_POSTGRES, DEFAULT_REDIS, Browser, Stack, free_port, wait_for

POSTGRES = os.environ.get("STACK_POSTGRES_URL") or DEFAULT_POSTGRES
REDIS = os.environ.get("STACK_REDIS_URL") or DEFAULT_REDIS
PASSWORD = "fault test password 1"  # noqa: S105 - synthetic accounts on loopback
SEARCH = "/search?q=counselling&near=Thunder+Bay%2C+ON"


@dataclass
class Traffic:
    """Threads sending GET requests in a loop; every answer recorded with its time."""

    url: str
    threads: int = 4
    answers: list[tuple[float, int, str]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> Traffic:
        self.started = time.monotonic()
        self._workers = [
            threading.Thread(target=self._loop, daemon=True) for _ in range(self.threads)
        ]
        for worker in self._workers:
            worker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=60)

    def _loop(self) -> None:
        browser = Browser()
        while not self._stop.is_set():
            try:
                status, headers, body = browser.open("GET", self.url)
                kind = classify(status, headers, body)
            except OSError as error:
                status, kind = 0, f"connection: {type(error).__name__}"
            self.answers.append((time.monotonic() - self.started, status, kind))
            time.sleep(0.05)


def classify(status: int, headers, body: str) -> str:
    if status == 200:
        return "200"
    if status == 503:
        styled = 'class="site-name"' in body and "Traceback" not in body
        return "503 styled" if styled and headers.get("Retry-After") else "503 UNSTYLED"
    return f"{status} {'with Traceback' if 'Traceback' in body else ''}".strip()


# --- PostgreSQL ---------------------------------------------------------------------------


PG_ISREADY = shutil.which("pg_isready") or "/usr/bin/pg_isready"


def postgres_cluster() -> list[str]:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    control = shutil.which("pg_ctlcluster") or "/usr/bin/pg_ctlcluster"
    return [control, "--skip-systemctl-redirect", version, "main"]


def start_postgres() -> None:
    subprocess.run([*postgres_cluster(), "start"], check=False, capture_output=True)  # noqa: S603
    for _ in range(100):
        ready = subprocess.run([PG_ISREADY, "-q", "-h", "127.0.0.1"], check=False)  # noqa: S603
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    raise RuntimeError("PostgreSQL did not come back: start it by hand (pg_ctlcluster ... start)")


def fault_postgres(outage: float = 10.0) -> bool:
    if not Path("/etc/postgresql").is_dir():
        print("postgres: skipped (no local cluster to stop)")
        return True
    with Stack(server_url=POSTGRES, redis_url=REDIS, instances=2, workers=2) as stack:
        stack.flask("seed", "synthetic", "--count", "2000")
        wait_for(stack.url + SEARCH, 60)
        restore = signal.getsignal(signal.SIGTERM)
        signal.signal(signal.SIGTERM, lambda *_: (start_postgres(), sys.exit(1)))
        try:
            with Traffic(stack.url + SEARCH) as traffic:
                time.sleep(5)
                stopped_at = time.monotonic() - traffic.started
                subprocess.run([*postgres_cluster(), "stop", "-m", "fast"], check=True)  # noqa: S603
                time.sleep(outage)
                start_postgres()
                restarted_at = time.monotonic() - traffic.started
                time.sleep(15)
        finally:
            start_postgres()  # whatever happened: other people's tests use this server
            signal.signal(signal.SIGTERM, restore)
    answers = traffic.answers
    kinds = Counter(kind for _, _, kind in answers)
    after = [(t, kind) for t, _, kind in answers if t > restarted_at]
    first_ok = next((t for t, kind in after if kind == "200"), None)
    settled = first_ok is not None and all(kind == "200" for t, kind in after if t > first_ok)
    ok = set(kinds) <= {"200", "503 styled"} and settled
    print(
        f"postgres: stopped at {stopped_at:.1f} s for {outage:.0f} s; answers {dict(kinds)}; "
        f"first 200 {first_ok - restarted_at:.1f} s after the restart, all 200 after it: "
        f"{settled} -> {'PASS' if ok else 'FAIL'}"
        if first_ok is not None
        else f"postgres: answers {dict(kinds)}; never recovered -> FAIL"
    )
    return ok


# --- Redis --------------------------------------------------------------------------------


def fault_redis() -> bool:
    port = free_port()
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    arguments = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    redis = subprocess.Popen(  # noqa: S603 - our own private Redis, fixed arguments
        [server, *arguments],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        with Stack(
            server_url=POSTGRES, redis_url=f"redis://127.0.0.1:{port}/0", instances=2
        ) as stack:
            with Traffic(stack.url + SEARCH, threads=2) as traffic:
                time.sleep(3)
                redis.kill()
                redis.wait()
                killed_at = time.monotonic() - traffic.started
                sign_ins = [
                    Browser().submit(
                        f"{stack.url}/auth/login",
                        {"email": f"nobody{n}@fault.example.org", "password": "wrong password"},
                    )[0]
                    for n in range(12)
                ]
                ready = Browser().open("GET", stack.url + "/readyz")
                time.sleep(5)
            logs = stack.log_text(0) + stack.log_text(1)
    finally:
        if redis.poll() is None:
            redis.kill()
    after = Counter(kind for t, _, kind in traffic.answers if t > killed_at)
    warned = logs.count("falling back to in-memory storage")
    limited = sign_ins.count(429)
    ok = set(after) == {"200"} and warned >= 1 and set(sign_ins) <= {200, 429} and limited >= 1
    print(
        f"redis: killed; searches after it {dict(after)}; 12 wrong sign-ins -> "
        f"{dict(Counter(sign_ins))} (memory limits: 10 a minute per address); readyz "
        f"{ready[0]} {ready[2].strip()!r}; fallback warnings logged: {warned} "
        f"-> {'PASS' if ok else 'FAIL'}"
    )
    return ok


# --- gunicorn workers ---------------------------------------------------------------------


def create_members(stack: Stack, count: int) -> list[str]:
    from config import TestConfig
    from directory import create_app
    from directory.auth.passwords import hash_password
    from directory.extensions import db
    from directory.models import Role, User

    class StackDatabase(TestConfig):
        SQLALCHEMY_DATABASE_URI = stack.database_url
        PASSWORD_HASH_METHOD = "scrypt:16384:8:1"  # noqa: S105

    app = create_app(StackDatabase)
    emails = [f"submitter{n}@fault.example.org" for n in range(count)]
    with app.app_context():
        for email in emails:
            user = User(email=email, name=email.split("@")[0], role=Role.MEMBER)
            user.password_hash = hash_password(PASSWORD)
            user.email_confirmed_at = datetime.now(UTC)
            db.session.add(user)
        db.session.commit()
        db.engine.dispose()
    return emails


def fault_worker(submitters: int = 4, each: int = 15, kills: int = 6) -> bool:
    import psutil

    with Stack(server_url=POSTGRES, redis_url=REDIS, instances=2, workers=2) as stack:
        emails = create_members(stack, submitters)
        outcomes: dict[str, list[int]] = {}
        signed_in = threading.Barrier(submitters + 1)
        form_failures: list[str] = []

        def submit_all(email: str) -> None:
            browser = Browser()
            browser.sign_in(stack.url, email, PASSWORD)
            signed_in.wait(timeout=120)  # kills start once everyone is submitting
            for n in range(each):
                name = f"Fault Test {email.split('@')[0]} {n}"
                tries = outcomes.setdefault(name, [])
                while not tries or tries[-1] != 302:
                    try:
                        new = f"{stack.url}/listings/new"
                        status = browser.submit(new, listing_form(name), f"{new}?step=all")[0]
                    except OSError:
                        status = 0  # the connection dropped: the answer is unknown
                    except AssertionError:
                        form_failures.append(name)  # the form itself did not load: nothing sent
                        time.sleep(0.2)  # a person reloads after a moment
                        continue
                    tries.append(status)
                    if len(tries) > 5:
                        break

        threads = [threading.Thread(target=submit_all, args=(e,)) for e in emails]
        for thread in threads:
            thread.start()
        signed_in.wait(timeout=120)
        killed = 0
        while any(t.is_alive() for t in threads) and killed < kills:
            time.sleep(2)
            workers = psutil.Process(stack.gunicorn(killed % 2).pid).children()
            if workers:
                os.kill(workers[0].pid, signal.SIGKILL)
                killed += 1
        for thread in threads:
            thread.join(timeout=300)
        engine = sa.create_engine(stack.database_url)
        with engine.connect() as connection:
            rows = Counter(
                connection.scalars(
                    sa.text("SELECT name FROM organization WHERE name LIKE 'Fault Test %'")
                )
            )
        engine.dispose()
        respawned = False
        for _ in range(60):  # the master replaces a killed worker within seconds
            respawned = all(
                len(psutil.Process(stack.gunicorn(i).pid).children()) == 2 for i in (0, 1)
            )
            if respawned:
                break
            time.sleep(0.5)
    saved = [name for name, tries in outcomes.items() if tries and tries[-1] == 302]
    lost = [name for name in saved if rows[name] == 0]
    twice = [name for name, n in rows.items() if n > 1]
    resent = sum(len(tries) - 1 for tries in outcomes.values())
    statuses = Counter(s for tries in outcomes.values() for s in tries)
    ok = not lost and not twice and len(saved) == submitters * each and respawned
    print(
        f"worker: {killed} workers killed during {submitters * each} submissions; answers "
        f"{dict(statuses)}; form pages that failed to load {len(form_failures)}; "
        f"sent again {resent}; saved {len(saved)}, rows {sum(rows.values())}, "
        f"lost {len(lost)}, saved twice {len(twice)}; workers replaced: {respawned} "
        f"-> {'PASS' if ok else 'FAIL'}"
    )
    return ok


FAULTS = {"postgres": fault_postgres, "redis": fault_redis, "worker": fault_worker}


def main() -> None:
    parser = argparse.ArgumentParser(description="Faults under load on the loopback stack.")
    parser.add_argument("faults", nargs="*", help=f"some of {', '.join(FAULTS)} (default: all)")
    args = parser.parse_args()
    unknown = set(args.faults) - set(FAULTS)
    if unknown:
        parser.error(f"unknown fault(s): {', '.join(sorted(unknown))}")
    results = [FAULTS[name]() for name in args.faults or FAULTS]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
