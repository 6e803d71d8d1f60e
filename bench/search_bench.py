"""Search benchmark: in-process medians on 10,000 and 100,000 synthetic listings.

Run with ``make bench`` (or ``.venv/bin/python -m bench.search_bench``). The databases are
built once under ``instance/bench/`` with ``flask seed synthetic`` and reused afterwards.
Set ``BENCH_POSTGRES_URL`` (e.g. postgresql+psycopg://postgres@127.0.0.1/bench) to also
measure PostgreSQL at the largest size. Prints a Markdown report.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "instance" / "bench"
SIZES = (10_000, 100_000)
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
QUERIES = {
    "api: q + sector + near Thunder Bay 50 km": (
        "/api/v1/search?q=counselling&sector=health-care&near=Thunder+Bay&radius_km=50"
    ),
    "html: same search, 20 results": (
        "/search?q=counselling&sector=health-care&near=Thunder+Bay&radius_km=50"
    ),
    "api: q + sector + near Toronto 50 km (densest city)": (
        "/api/v1/search?q=counselling&sector=health-care&near=Toronto&radius_km=50"
    ),
    "api: q + sector + near Kenora 50 km": (
        "/api/v1/search?q=counselling&sector=health-care&near=Kenora&radius_km=50"
    ),
    "api: q + referral pathway filters + near Thunder Bay 50 km": (
        "/api/v1/search?q=counselling&referral_from=education&self_referral=1"
        "&no_police_required=1&near=Thunder+Bay&radius_km=50"
    ),
    "html: same pathway search, 20 results": (
        "/search?q=counselling&referral_from=education&self_referral=1"
        "&no_police_required=1&near=Thunder+Bay&radius_km=50"
    ),
    # open_now is decided at query time, then kept for the minute (docs/search.md).
    "api: q + open_now + near Thunder Bay 50 km": (
        "/api/v1/search?q=counselling&open_now=1&near=Thunder+Bay&radius_km=50"
    ),
    "api: q only": "/api/v1/search?q=counselling",
    "html: browse everything, page 1": "/search",
}


def build_database(url: str, count: int) -> None:
    """Create the schema and load ``count`` synthetic listings unless already there."""
    env = {**os.environ, "DATABASE_URL": url}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True)  # noqa: S603
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        have = conn.scalar(sa.text("SELECT count(*) FROM organization"))
    engine.dispose()
    if have < count:
        print(f"Loading {count - have} synthetic listings into {url} ...", file=sys.stderr)
        subprocess.run(  # noqa: S603
            [*flask, "seed", "synthetic", "--count", str(count - have)],
            cwd=ROOT,
            env=env,
            check=True,
        )


def count_statements(engine: sa.Engine, action) -> int:
    """SQL statements run by ``action()`` (Core/ORM ones; driver-cursor ones are counted by
    the search's own two-to-four queries, see docs/benchmarks.md)."""
    seen: list[str] = []

    def listener(conn, cursor, statement, *args) -> None:
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        action()
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def measure(databases: list[tuple[str, str]], cold: bool) -> dict[str, dict]:
    """Median and p90 in ms, and SQL statements per request, for every query and database.

    The databases take turns request by request, so that a burst of other work on the
    machine (a shared VM's neighbours) falls on all of them alike and their ratio holds.

    ``cold``: every request runs its full-text queries (the per-snapshot memory of matches
    is emptied before each one), as the first search with these words since the last write
    anywhere does. Otherwise repeated requests reuse them, as a visitor paging or changing a
    filter does. Either way the index mirror and the vocabularies are loaded (warm-ups).
    """
    from config import DevelopmentConfig
    from directory import create_app
    from directory.extensions import db
    from directory.search.mirror import mirror_for

    apps = {}
    for name, url in databases:

        class BenchConfig(DevelopmentConfig):
            SQLALCHEMY_DATABASE_URI = url

        apps[name] = create_app(BenchConfig)

    def forget(app) -> None:
        if cold:
            with app.app_context():
                mirror_for(db.session).snapshot(db.session).forget()
                db.session.remove()

    results: dict[str, dict] = {name: {} for name in apps}
    for label, path in QUERIES.items():
        timings: dict[str, list[float]] = {name: [] for name in apps}
        statements = {}
        for name, app in apps.items():
            client = app.test_client()
            for _ in range(3):  # warm the mirror, the vocabularies and the gazetteer
                assert client.get(path).status_code == 200, path
            forget(app)
            with app.app_context():
                statements[name] = count_statements(db.engine, lambda c=client, p=path: c.get(p))
        for _ in range(RUNS):
            for name, app in apps.items():
                client = app.test_client()
                forget(app)
                started = time.perf_counter()
                client.get(path)
                timings[name].append((time.perf_counter() - started) * 1000)
        for name, values in timings.items():
            values.sort()
            p90 = values[int(len(values) * 0.9) - 1]
            results[name][label] = (statistics.median(values), p90, statements[name])
    for app in apps.values():
        with app.app_context():
            db.engine.dispose()
    return results


def main() -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    databases = []
    for size in SIZES:
        url = f"sqlite:///{BENCH_DIR / f'synthetic-{size}.sqlite3'}"
        build_database(url, size)
        databases.append((f"SQLite {size:,}", url))
    pg = os.environ.get("BENCH_POSTGRES_URL")
    if pg:
        build_database(pg, SIZES[-1])
        databases.append((f"PostgreSQL {SIZES[-1]:,}", pg))
    for cold in (True, False):
        # The two SQLite sizes take turns (their ratio is the figure that matters);
        # PostgreSQL, a server of its own on the same two cores, is measured after them.
        measured = measure([d for d in databases if d[1].startswith("sqlite")], cold)
        measured |= measure([d for d in databases if not d[1].startswith("sqlite")], cold)
        report(measured, cold)


def report(measured: dict[str, dict], cold: bool) -> None:
    columns = list(measured)
    kind = (
        "Cold: every request runs its full-text queries"
        if cold
        else "Warm: the same request again, its full-text matches remembered"
    )
    print(
        f"\n### {kind}\n\nMedians of {RUNS} runs after 3 warm-ups, in-process (Flask test "
        "client), ms (p90 in brackets; SQL statements per request after the slash).\n"
    )
    print("| query | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for label in QUERIES:
        cells = [
            f"{measured[c][label][0]:.1f} ({measured[c][label][1]:.1f}) / {measured[c][label][2]}"
            for c in columns
        ]
        print(f"| {label} | " + " | ".join(cells) + " |")
    small, large = f"SQLite {SIZES[0]:,}", f"SQLite {SIZES[-1]:,}"
    print("\nGrowth from 10,000 to 100,000 listings (ratio of medians):\n")
    for label in QUERIES:
        print(f"- {label}: {measured[large][label][0] / measured[small][label][0]:.2f}x")


if __name__ == "__main__":
    main()
