"""Likely-duplicate lookups on the benchmark databases (issue 18: "within the search speed
targets at 100,000 listings, on both databases").

Run with ``make bench`` after the search benchmark (it reuses ``instance/bench/``; set
``BENCH_POSTGRES_URL`` to measure PostgreSQL too). For each database: the median and p90 of
``duplicates.likely_duplicates`` over the traits of 200 listed organizations (each finds at
least itself: the worst case, every key shared) and 200 invented ones (the common case:
nothing alike), and the same search API request as the search benchmark's first line as the
yardstick, measured in the same process and run.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time

import sqlalchemy as sa

from bench.search_bench import BENCH_DIR, ROOT, SIZES, build_database

SAMPLES = 200
YARDSTICK = "/api/v1/search?q=counselling&sector=health-care&near=Thunder+Bay&radius_km=50"


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _summary(times: list[float]) -> str:
    times = sorted(times)
    return f"{statistics.median(times):.2f} ({times[int(len(times) * 0.9)]:.2f})"


def measure(label: str, url: str) -> str:
    os.environ["DATABASE_URL"] = url
    from directory import create_app, duplicates
    from directory.extensions import db
    from directory.models import Organization, OrganizationStatus

    app = create_app()
    with app.app_context():
        session = db.session()
        rng = random.Random(18)  # noqa: S311 (sample choice, not security)
        orgs = session.scalars(
            sa.select(Organization)
            .where(Organization.status == OrganizationStatus.PUBLISHED)
            .order_by(Organization.id)
            .limit(5000)
        ).all()
        listed = [duplicates.traits_of(org) for org in rng.sample(orgs, min(SAMPLES, len(orgs)))]
        invented = [
            duplicates.Traits(
                f"Zephyr {rng.randrange(10**6)} Outreach Collective",
                f"https://zephyr{rng.randrange(10**6)}.example.net",
                [f"+1 204 555 {rng.randrange(10**4):04d}"],
                [(f"{rng.randrange(1, 999)} Nowhere Lane", "R3C 0A1")],
            )
            for _ in range(SAMPLES)
        ]
        for traits in listed[:10]:  # warm the connection and the page cache
            duplicates.likely_duplicates(session, traits)
        found = [_timed(lambda t=t: duplicates.likely_duplicates(session, t)) for t in listed]
        nothing = [_timed(lambda t=t: duplicates.likely_duplicates(session, t)) for t in invented]
        client = app.test_client()
        for _ in range(3):
            client.get(YARDSTICK)
        search = [_timed(lambda: client.get(YARDSTICK)) for _ in range(30)]
    return (
        f"| {label} | {_summary(found)} | {_summary(nothing)} | {_summary(search)} |"
        f" {statistics.median(found) / statistics.median(search):.2f} |"
    )


def main() -> None:
    sys.path.insert(0, str(ROOT))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    databases = []
    for size in SIZES:
        url = f"sqlite:///{BENCH_DIR / f'synthetic-{size}.sqlite3'}"
        build_database(url, size)
        databases.append((f"SQLite {size:,}", url))
    if os.environ.get("BENCH_POSTGRES_URL"):
        build_database(os.environ["BENCH_POSTGRES_URL"], SIZES[-1])
        databases.append((f"PostgreSQL {SIZES[-1]:,}", os.environ["BENCH_POSTGRES_URL"]))
    print(
        "\n### Likely duplicates\n\nMedian (p90) ms per lookup over "
        f"{SAMPLES} listed and {SAMPLES} invented listings; the search API request of the "
        "first table (cold) measured in the same process; ratio of the listed-lookup median "
        "to the search median.\n"
    )
    print("| database | listed (finds itself) | invented (nothing alike) | search API | ratio |")
    print("|---|---|---|---|---|")
    for label, url in databases:
        # One process per database: the app reads DATABASE_URL once.
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.duplicates_bench", "--one", label, url],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        print(done.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(measure(sys.argv[2], sys.argv[3]))
    else:
        main()
