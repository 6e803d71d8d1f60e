"""`make loadtest`: mixed traffic on 100,000 listings in PostgreSQL through nginx and two
gunicorn servers (bench/stack.py), with locust (bench/locustfile.py), loopback only, bounded in
time. Prints throughput, p50/p95/p99 and errors as a Markdown table row (docs/benchmarks.md).

The database (LOADTEST_DATABASE, default ``loadtest_100k``) is built once with
`flask seed synthetic --count 100000` and reused; the members who edit are added to it.
`make soak` runs the same traffic for 10 minutes and samples every worker's memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from bench.stack import DEFAULT_POSTGRES, DEFAULT_REDIS, ROOT, Stack

DATABASE = os.environ.get("LOADTEST_DATABASE", "loadtest_100k")
POSTGRES = os.environ.get("STACK_POSTGRES_URL") or DEFAULT_POSTGRES
REDIS = os.environ.get("STACK_REDIS_URL") or DEFAULT_REDIS
LISTINGS = 100_000
MEMBER_PASSWORD = "load test password 1"  # noqa: S105 - synthetic accounts on loopback


def database_url() -> str:
    return sa.engine.make_url(POSTGRES).set(database=DATABASE).render_as_string(False)


def ensure_database(stack: Stack) -> None:
    """Create and fill the 100,000-listing database on first use (minutes), then reuse it."""
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DATABASE}
        )
        if not exists:
            connection.exec_driver_sql(f'CREATE DATABASE "{DATABASE}"')
    admin.dispose()
    stack.flask("db", "upgrade")  # a database built by an older checkout catches up first
    engine = sa.create_engine(database_url())
    with engine.connect() as connection:
        has_table = sa.inspect(connection).has_table("organization")
        count = connection.scalar(sa.text("SELECT count(*) FROM organization")) if has_table else 0
    engine.dispose()
    if count < LISTINGS:
        print(f"Building {LISTINGS:,} synthetic listings in {DATABASE} (once)...", flush=True)
        started = time.monotonic()
        stack.flask("seed", "synthetic", "--count", str(LISTINGS - count))
        print(f"  built in {time.monotonic() - started:.0f} s", flush=True)


def write_people(path: Path, members: int) -> None:
    """Members who edit (each owns one synthetic organization) and profile slugs to visit."""
    from config import TestConfig
    from directory import create_app
    from directory.extensions import db
    from directory.models import (
        Membership,
        MembershipRole,
        MembershipStatus,
        Organization,
        Role,
        User,
    )

    class LoadDatabase(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url()
        PASSWORD_HASH_METHOD = "scrypt:16384:8:1"  # noqa: S105 - cheaper sign-ins under load

    app = create_app(LoadDatabase)
    people = {"members": [], "slugs": []}
    with app.app_context():
        from directory.auth.passwords import hash_password

        organizations = db.session.scalars(
            sa.select(Organization).order_by(Organization.id).limit(members)
        ).all()
        for n, organization in enumerate(organizations):
            email = f"load-member-{n}@load.example.org"
            user = db.session.scalar(sa.select(User).filter_by(email=email))
            if user is None:
                user = User(email=email, name=f"Load Member {n}", role=Role.MEMBER)
                user.password_hash = hash_password(MEMBER_PASSWORD)
                user.email_confirmed_at = datetime.now(UTC)
                db.session.add(user)
                db.session.flush()
                db.session.add(
                    Membership(
                        user=user,
                        organization=organization,
                        role=MembershipRole.OWNER,
                        status=MembershipStatus.ACTIVE,
                    )
                )
            people["members"].append(
                {"email": email, "password": MEMBER_PASSWORD, "organization_id": organization.id}
            )
        db.session.commit()
        step = LISTINGS // 500
        people["slugs"] = list(
            db.session.scalars(
                sa.select(Organization.slug).where(Organization.id % step == 0).limit(500)
            )
        )
        db.engine.dispose()
    path.write_text(json.dumps(people))


def sample_memory(stack: Stack, samples: list[dict], stop: threading.Event, every: float) -> None:
    import psutil

    started = time.monotonic()
    while not stop.is_set():
        row = {"seconds": round(time.monotonic() - started)}
        for index in range(stack.instances):
            master = psutil.Process(stack.gunicorn(index).pid)
            for worker in master.children():
                row[f"{index}:{worker.pid}"] = worker.memory_info().rss
        samples.append(row)
        stop.wait(every)


def run(seconds: int, users: int, memory_every: float | None) -> dict:
    stack = Stack(server_url=POSTGRES, redis_url=REDIS, instances=2, workers=2, database=DATABASE)
    ensure_database(stack)
    people = stack.tmp / "people.json"
    write_people(people, users)
    with stack:
        print(f"Stack up in {stack.startup_seconds:.0f} s: nginx {stack.url}", flush=True)
        for path in (
            "/search?q=counselling",
            "/organizations/" + json.loads(people.read_text())["slugs"][0],
        ):
            for _ in range(4):  # every worker loads its index mirror before the clock starts
                with urllib.request.urlopen(stack.url + path, timeout=60) as response:  # noqa: S310
                    response.read()
        samples: list[dict] = []
        stop = threading.Event()
        sampler = None
        if memory_every:
            sampler = threading.Thread(
                target=sample_memory, args=(stack, samples, stop, memory_every), daemon=True
            )
            sampler.start()
        prefix = stack.tmp / "locust"
        load_average_before = os.getloadavg()
        subprocess.run(  # noqa: S603 - fixed arguments, loopback host
            [
                str(Path(sys.executable).parent / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "10",
                "--host",
                stack.url,
                "--csv",
                str(prefix),
                "--only-summary",
            ],
            env={**os.environ, "LOADTEST_PEOPLE": str(people), "PYTHONPATH": str(ROOT)},
            check=False,
        )
        stop.set()
        if sampler:
            sampler.join()
        load_average_after = os.getloadavg()
        result = summarize(prefix, seconds)
        result["load_average"] = (load_average_before[0], load_average_after[0])
        result["memory"] = samples
        return result


def summarize(prefix: Path, seconds: int) -> dict:
    with open(f"{prefix}_stats.csv") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total = rows["Aggregated"]
    return {
        "seconds": seconds,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": total["50%"],
        "p95": total["95%"],
        "p99": total["99%"],
        "by_name": {
            name: (row["Request Count"], row["Failure Count"], row["50%"], row["95%"], row["99%"])
            for name, row in rows.items()
            if name != "Aggregated"
        },
    }


def print_report(result: dict) -> None:
    print("\n| requests | errors | requests/s | p50 | p95 | p99 |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {result['requests']:,} | {result['failures']} | {result['rps']:.1f} | "
        f"{result['p50']} ms | {result['p95']} ms | {result['p99']} ms |"
    )
    print("\n| request | count | errors | p50 | p95 | p99 |")
    print("|---|---|---|---|---|---|")
    for name, (count, failures, p50, p95, p99) in sorted(result["by_name"].items()):
        print(f"| {name} | {count} | {failures} | {p50} ms | {p95} ms | {p99} ms |")
    before, after = result["load_average"]
    print(f"\nmachine load average (1 min) before/after: {before:.1f} / {after:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--users", type=int, default=8)
    args = parser.parse_args()
    result = run(args.seconds, args.users, memory_every=None)
    print_report(result)
    sys.exit(1 if result["failures"] else 0)


if __name__ == "__main__":
    main()
