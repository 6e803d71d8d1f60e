"""HSDS import benchmark: ``flask hsds import`` of a synthetic file into a fresh SQLite file
(or, with ``BENCH_IMPORT_POSTGRES_URL``, a PostgreSQL database emptied first).

Run with ``make bench`` (after the search benchmark) or
``.venv/bin/python -m bench.import_bench [COUNT]`` (default 100,000, or ``BENCH_IMPORT_COUNT``).
The file is written once under ``instance/bench/`` (``hsds-COUNT.json``; fictional
organizations, each with two services, a location, a contact, a phone, sectors, service
types, populations and languages from our vocabularies, like an export of ours); each run
imports it into a new database and prints wall time, organizations per second and the
command's peak memory (its maximum resident set size) as a Markdown table row.
``BENCH_PROFILE=1`` runs the import in process under cProfile instead and prints the top 25.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from directory import taxonomy

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "instance" / "bench"
NAMESPACE = uuid.UUID("0b7c9a52-1f7e-4c43-9f0e-9a3e1d2c4b60")  # this benchmark's ids only

SECTORS = [slug for slug, _, _ in taxonomy.SECTORS]
TYPES = [slug for slug, _, _ in taxonomy.SERVICE_TYPES]
POPULATIONS = [slug for slug, _, _ in taxonomy.POPULATIONS]
LANGUAGES = [code for code, _, _ in taxonomy.LANGUAGES]
CITIES = [
    ("Thunder Bay", "ON", 48.38, -89.25),
    ("Winnipeg", "MB", 49.90, -97.14),
    ("Halifax", "NS", 44.65, -63.58),
    ("Regina", "SK", 50.45, -104.61),
    ("Kamloops", "BC", 50.67, -120.33),
    ("Sherbrooke", "QC", 45.40, -71.89),
]
WORDS = [
    "outreach",
    "support",
    "drop-in",
    "counselling",
    "advocacy",
    "youth",
    "family",
    "safety",
    "healing",
]


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


def _term(taxonomy: str, code: str) -> dict[str, Any]:
    return {
        "id": _id("attr", taxonomy, code),
        "taxonomy_term_id": _id("term", taxonomy, code),
        "taxonomy_term": {
            "id": _id("term", taxonomy, code),
            "code": code,
            "name": code.replace("-", " ").title(),
            "taxonomy": taxonomy,
        },
    }


def organization(n: int) -> dict[str, Any]:
    """The n-th fictional organization (the same for the same n)."""
    city, province, lat, lon = CITIES[n % len(CITIES)]
    org_id = _id("org", n)
    words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(4))
    services = [
        {
            "id": _id("service", n, s),
            "name": f"{TYPES[(n + s) % len(TYPES)].replace('-', ' ').title()} {s + 1}",
            "status": "active",
            "description": f"Fictional service for the import benchmark: {words}.",
            "languages": [
                {"id": _id("lang", n, s, code), "code": code}
                for code in LANGUAGES[(n + s) % 7 : (n + s) % 7 + 2]
            ],
            "attributes": [
                _term("service_type", TYPES[(n + s) % len(TYPES)]),
                _term("population", POPULATIONS[(n + s) % len(POPULATIONS)]),
            ],
        }
        for s in range(2)
    ]
    return {
        "id": org_id,
        "name": f"Benchmark Partner {n:06d}",
        "description": f"A fictional organization in {city} ({words}).",
        "email": f"intake{n}@partner.example.org",
        "website": f"https://partner{n}.example.org",
        "phones": [{"id": _id("phone", n), "number": f"+1 555-01{n % 100:02d}"}],
        "attributes": [_term("sector", SECTORS[n % len(SECTORS)])],
        "locations": [
            {
                "id": _id("location", n),
                "location_type": "physical",
                "name": "Main office",
                "latitude": round(lat + (n % 97) / 1000, 5),
                "longitude": round(lon - (n % 89) / 1000, 5),
                "addresses": [
                    {
                        "id": _id("address", n),
                        "address_1": f"{n % 900 + 1} Main Street",
                        "city": city,
                        "state_province": province,
                        "postal_code": "",
                        "country": "CA",
                        "address_type": "physical",
                    }
                ],
            }
        ],
        "services": services,
        "contacts": [
            {
                "id": _id("contact", n),
                "name": f"Intake worker {n}",
                "email": f"worker{n}@partner.example.org",
            }
        ],
    }


def source_file(count: int) -> Path:
    path = BENCH_DIR / f"hsds-{count}.json"
    if path.is_file():
        return path
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    print(f"Writing {count:,} organizations to {path} ...", file=sys.stderr)
    partial = path.with_suffix(".part")
    with partial.open("w", encoding="utf-8") as handle:
        handle.write("[\n")
        for n in range(count):
            handle.write(("," if n else "") + json.dumps(organization(n)) + "\n")
        handle.write("]\n")
    partial.rename(path)
    return path


def fresh_database(count: int) -> tuple[str, dict[str, str]]:
    """A new SQLite file, or with ``BENCH_IMPORT_POSTGRES_URL`` that PostgreSQL database
    emptied (its public schema dropped and created again: use a database of its own)."""
    url = os.environ.get("BENCH_IMPORT_POSTGRES_URL", "")
    if url:
        import sqlalchemy as sa

        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        database = BENCH_DIR / f"import-{count}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{database}"
    env = {**os.environ, "DATABASE_URL": url}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([*flask, "seed", "taxonomy"], cwd=ROOT, env=env, check=True)  # noqa: S603
    return url, env


def run(count: int) -> None:
    path = source_file(count)
    _, env = fresh_database(count)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    if os.environ.get("BENCH_PROFILE"):
        profile(path, env)
        return
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603
        [*flask, "hsds", "import", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = result.stdout.strip().splitlines()[-1:] or [result.stderr.strip()[-300:]]
    print("| Organizations | Wall time | Organizations/s | Peak memory | Result |")
    print("|---|---|---|---|---|")
    print(
        f"| {count:,} | {seconds:,.1f} s | {count / seconds:,.0f} | {peak_mb:,.0f} MB"
        f" | {summary[0]} |"
    )


def profile(path: Path, env: dict[str, str]) -> None:
    """The same command under cProfile; prints the 40 functions with the most own time."""
    stats = BENCH_DIR / "import.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "flask", "--app", "wsgi"]
    subprocess.run([*command, "hsds", "import", str(path)], cwd=ROOT, env=env, check=False)  # noqa: S603
    import pstats

    pstats.Stats(str(stats)).sort_stats("tottime").print_stats(40)
    pstats.Stats(str(stats)).sort_stats("cumulative").print_stats(40)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    run(count or int(os.environ.get("BENCH_IMPORT_COUNT", "100000")))


if __name__ == "__main__":
    main()
