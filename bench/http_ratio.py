"""Throughput under gunicorn as a share of a bare-Flask limit measured in the same run (issue 19).

Run by ``make bench`` (or ``.venv/bin/python -m bench.http_ratio``). Starts, side by side on
loopback, each with 2 sync workers: a bare Flask "hello" app (``bench/hello_app.py``, the
limit), this application on the 100,000-listing synthetic SQLite database that
``bench/search_bench.py`` builds, and the same with ``SEARCH_MEMORY_IDS=0`` (every search runs
its full-text queries, as a new question does). Each URL is warmed up, then measured with
``wrk -t2 -c16`` for ``BENCH_HTTP_SECONDS`` (default 10) in each of ``BENCH_HTTP_ROUNDS``
(default 3) rounds; in a round each URL is measured right after the limit, so a burst of
other work on the machine falls on both alike. Prints Markdown: medians of the rounds in
requests/s and of the pairs' ratios as a share of the limit, each worker's memory after
warm-up and how long each worker took to load its search index; then the same URLs in
process (Flask's test client, median of ``BENCH_HTTP_IN_PROCESS_RUNS``, default 40).
``GUNICORN_PRELOAD=1`` serves the application as deploy/gunicorn.conf.py then does (the
index loaded once and shared by the workers).

``BENCH_POSTGRES_URL`` (a database this may fill, e.g.
postgresql+psycopg://postgres@127.0.0.1/bench) adds the same servers on PostgreSQL, and the
PostgreSQL/SQLite ratio of each figure. A quick look: ``BENCH_HTTP_SECONDS=3
BENCH_HTTP_ROUNDS=1`` (0: no wrk rounds). ``BENCH_HTTP_PROFILE=DIR`` also records each
URL's worker with py-spy (``pip install -r bench/requirements.txt``) into DIR, one flame
graph per URL. ``BENCH_HTTP_BEFORE=DIR`` adds the code checked out in DIR (a ``git worktree``
of an earlier commit) on the same SQLite database, measured in the same rounds.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from bench.search_bench import BENCH_DIR, ROOT, build_database

SIZE = int(os.environ.get("BENCH_HTTP_SIZE", "100000"))  # listings (docs/benchmarks.md: 1,000,000)
SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_HTTP_ROUNDS", "3"))
WARM_UP_SECONDS = int(os.environ.get("BENCH_HTTP_WARMUP", "2"))
FIRST_PORT = int(os.environ.get("BENCH_HTTP_PORT", "5100"))
PROFILE_DIR = os.environ.get("BENCH_HTTP_PROFILE", "")
IN_PROCESS_RUNS = int(os.environ.get("BENCH_HTTP_IN_PROCESS_RUNS", "40"))
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SEARCH = "q=counselling&sector=health-care&near=Thunder+Bay&radius_km=50"
# The organization whose profile is measured: the first published, public one placed in
# the densest city (its partners panel has the most neighbours to choose from).
DENSE_CITY = "Toronto"


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path
    spawned: float
    ready_seconds: float = 0.0
    memory: list[tuple[float, float]] = field(default_factory=list)  # (RSS, PSS) MiB
    master_memory: tuple[float, float] = (0.0, 0.0)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def workers(self) -> list[int]:
        found = subprocess.run(  # noqa: S603
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        return [int(pid) for pid in found.stdout.split()]

    def index_load_seconds(self) -> list[float]:
        """Each worker's "Search index loaded … in N s" (directory/search/warmup.py)."""
        text = self.log.read_text(errors="replace")
        return [
            float(s) for s in re.findall(r"Search index loaded: \d+ listings in ([\d.]+) s", text)
        ]


@dataclass(frozen=True)
class Target:
    label: str
    server: str  # key of the server answering it, without the database's prefix
    path: str


@dataclass(frozen=True)
class Measured:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    failures: int  # non-2xx/3xx responses and socket errors


def start_server(
    name: str, port: int, arguments: list[str], env: dict[str, str], tree: Path = ROOT
) -> Server:
    log = BENCH_DIR / f"gunicorn-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603
            [GUNICORN, "-w", "2", "--worker-class", "sync", "-b", f"127.0.0.1:{port}"]
            + ["--no-control-socket", *arguments],  # gunicorn's one control socket per user
            cwd=tree,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Server(name, port, process, log, time.perf_counter())


def start_app(
    name: str, port: int, database_url: str, memory_ids: str | None, tree: Path = ROOT
) -> Server:
    env = {"DATABASE_URL": database_url, "DIRECTORY_ENV": "development"}
    if memory_ids is not None:
        env["SEARCH_MEMORY_IDS"] = memory_ids
    # deploy/gunicorn.conf.py: the production settings, its warm-up of each worker included.
    return start_server(name, port, ["-c", "deploy/gunicorn.conf.py", "wsgi:app"], env, tree)


def wait_ready(server: Server, path: str, warm_workers: int) -> None:
    """Until ``path`` answers and ``warm_workers`` workers have loaded their index."""
    deadline = time.perf_counter() + 600
    while time.perf_counter() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"{server.name} stopped; see {server.log}")
        if len(server.index_load_seconds()) >= warm_workers and answers(server.url(path)):
            server.ready_seconds = time.perf_counter() - server.spawned
            return
        time.sleep(0.1)
    raise SystemExit(f"{server.name} not ready after 600 s; see {server.log}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return bool(response.status == 200)
    except OSError:
        return False


def worker_memory(pid: int) -> tuple[float, float]:
    """RSS and PSS in MiB: PSS shares each page among the processes mapping it, so a worker
    sharing pages with its master and its sibling (``--preload``) counts only its share."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = float(value.split()[0]) / 1024
    return fields["Rss"], fields["Pss"]


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def run_wrk(url: str, seconds: int, connections: int = 16) -> Measured:
    out = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    percentiles = {
        int(p): float(v) * UNITS_MS[unit]
        for p, v, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    }
    failures = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out)) + sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)
    )
    return Measured(rate, percentiles.get(50, 0.0), percentiles.get(99, 0.0), failures)


def dense_slug(database_url: str) -> str:
    engine = sa.create_engine(database_url)
    stmt = sa.text(
        "SELECT o.slug FROM organization o JOIN location l ON l.organization_id = o.id"
        " WHERE l.city = :city AND o.status = 'published' AND NOT o.professionals_only"
        " ORDER BY o.id LIMIT 1"
    )
    with engine.connect() as conn:
        slug = conn.scalar(stmt, {"city": DENSE_CITY})
    engine.dispose()
    if slug is None:
        raise SystemExit(f"No published organization in {DENSE_CITY} in {database_url}")
    return str(slug)


def targets(slug: str) -> list[Target]:
    return [
        Target("`/healthz`", "app", "/healthz"),
        Target("`/api/v1/search` q + sector + near 50 km", "app", f"/api/v1/search?{SEARCH}"),
        Target("same, remembered matches off", "cold", f"/api/v1/search?{SEARCH}"),
        Target("`/search` HTML, same question", "app", f"/search?{SEARCH}"),
        Target(
            f"`/api/v1/organizations/<slug>` ({DENSE_CITY})", "app", f"/api/v1/organizations/{slug}"
        ),
        Target("`/organizations/<slug>` HTML profile", "app", f"/organizations/{slug}"),
    ]


def profile(server: Server, url: str, name: str) -> None:
    """A py-spy flame graph of the first worker while wrk asks for ``url``."""
    Path(PROFILE_DIR).mkdir(parents=True, exist_ok=True)
    out = Path(PROFILE_DIR) / f"{name}.svg"
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    recorder = subprocess.Popen(  # noqa: S603
        [
            spy,
            "record",
            "-p",
            str(server.workers()[0]),
            "-d",
            str(SECONDS),
            "-o",
            str(out),
            "-r",
            "200",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    run_wrk(url, SECONDS)
    recorder.wait()
    print(f"profile: {out}", file=sys.stderr)


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `make bench-deps` (Debian's wrk).")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    databases = {"SQLite": f"sqlite:///{BENCH_DIR / f'synthetic-{SIZE}.sqlite3'}"}
    if os.environ.get("BENCH_POSTGRES_URL"):
        databases["PostgreSQL"] = os.environ["BENCH_POSTGRES_URL"]
    for url in databases.values():
        build_database(url, SIZE)
    # BENCH_HTTP_BEFORE=DIR: also the code checked out in DIR (an earlier commit, on the same
    # SQLite database), served and measured in the same rounds: a before/after in one run.
    trees = dict.fromkeys(databases, ROOT)
    if os.environ.get("BENCH_HTTP_BEFORE"):
        before = Path(os.environ["BENCH_HTTP_BEFORE"]).resolve()
        databases[f"SQLite, {before.name}"] = databases["SQLite"]
        trees[f"SQLite, {before.name}"] = before

    # One server at a time: each worker's index load time is its own, not a share of two cores.
    servers: dict[str, Server] = {}
    plan: list[tuple[str, Target]] = []
    try:
        servers["bare"] = start_server("bare Flask", FIRST_PORT, ["bench.hello_app:app"], {})
        wait_ready(servers["bare"], "/", 0)
        for database, url in databases.items():
            for kind, memory_ids in (("app", None), ("cold", "0")):
                name = database if kind == "app" else f"{database}, remembered matches off"
                port = FIRST_PORT + len(servers)
                server = start_app(name, port, url, memory_ids, trees[database])
                servers[f"{database} {kind}"] = server
                wait_ready(server, "/healthz", 2)
            plan += [(database, t) for t in targets(dense_slug(url))]
        warm_up_started = time.perf_counter()
        run_wrk(servers["bare"].url("/"), WARM_UP_SECONDS, 4)
        for database, target in plan:
            run_wrk(servers[f"{database} {target.server}"].url(target.path), WARM_UP_SECONDS, 4)
        print(f"warm-up: {time.perf_counter() - warm_up_started:.0f} s", file=sys.stderr)
        for server in servers.values():
            server.memory = [worker_memory(pid) for pid in server.workers()]
            server.master_memory = worker_memory(server.process.pid)
        if PROFILE_DIR:
            for n, (database, target) in enumerate(plan):
                server = servers[f"{database} {target.server}"]
                profile(server, server.url(target.path), f"{n}-{database}-{target.server}")

        # Each URL right after the limit: the share is the median of these pairs' ratios,
        # so that other work on the machine, which comes and goes, weighs on both alike.
        rounds: dict[tuple[str, str], list[tuple[Measured, Measured]]] = {}
        for r in range(ROUNDS):
            print(f"round {r + 1} of {ROUNDS}", file=sys.stderr)
            for database, target in plan:
                server = servers[f"{database} {target.server}"]
                limit = run_wrk(servers["bare"].url("/"), SECONDS)
                measured = run_wrk(server.url(target.path), SECONDS)
                rounds.setdefault((database, target.label), []).append((limit, measured))
        if ROUNDS:  # BENCH_HTTP_ROUNDS=0: memory, warm-up and the in-process table only
            report(databases, plan, rounds, servers)
    finally:
        for server in servers.values():
            server.process.terminate()
        for server in servers.values():
            server.process.wait(timeout=60)
    here = {name: url for name, url in databases.items() if trees[name] == ROOT}
    in_process(here, [(name, target) for name, target in plan if name in here])


def in_process(databases: dict[str, str], plan: list[tuple[str, Target]]) -> None:
    """The same URLs through Flask's test client, one process per database taking turns
    request by request: the time a request costs without HTTP, gunicorn or wrk."""
    from config import DevelopmentConfig
    from directory import create_app
    from directory.extensions import db
    from directory.search.mirror import mirror_for

    apps = {}
    for database, url in databases.items():

        class BenchConfig(DevelopmentConfig):
            SQLALCHEMY_DATABASE_URI = url

        apps[database] = create_app(BenchConfig)
    timings: dict[tuple[str, str], list[float]] = {}
    by_label: dict[str, list[tuple[str, Target]]] = {}
    for database, target in plan:
        by_label.setdefault(target.label, []).append((database, target))
    for asked in by_label.values():
        clients = {}
        for database, target in asked:
            app = apps[database]
            app.config["SEARCH_MEMORY_IDS"] = 0 if target.server == "cold" else 2_000_000
            clients[database] = app.test_client()
            for _ in range(3):
                assert clients[database].get(target.path).status_code == 200, target.path
        for _ in range(IN_PROCESS_RUNS):
            for database, target in asked:
                if target.server == "cold":  # a new question: nothing remembered
                    with apps[database].app_context():
                        mirror_for(db.session).snapshot(db.session).forget()
                        db.session.remove()
                started = time.perf_counter()
                clients[database].get(target.path)
                timings.setdefault((database, target.label), []).append(
                    (time.perf_counter() - started) * 1000
                )
    names = list(databases)
    print(
        f"\nIn process (Flask test client), median ms of {IN_PROCESS_RUNS} requests:\n\n"
        "| endpoint |"
        + "".join(f" {d} |" for d in names)
        + (f" {names[1]} / {names[0]} |" if len(names) > 1 else "")
    )
    print("|---|" + "---:|" * (len(names) + (len(names) > 1)))
    for label in dict.fromkeys(t.label for _, t in plan):
        medians = [statistics.median(timings[(d, label)]) for d in names]
        ratio = f" {medians[1] / medians[0]:.2f}x |" if len(names) > 1 else ""
        print(f"| {label} |" + "".join(f" {m:.1f} |" for m in medians) + ratio)


def median_of(measured: list[Measured]) -> Measured:
    return Measured(
        statistics.median(m.requests_per_second for m in measured),
        statistics.median(m.p50_ms for m in measured),
        statistics.median(m.p99_ms for m in measured),
        sum(m.failures for m in measured),
    )


def report(
    databases: dict[str, str],
    plan: list[tuple[str, Target]],
    rounds: dict[tuple[str, str], list[tuple[Measured, Measured]]],
    servers: dict[str, Server],
) -> None:
    limits = [limit.requests_per_second for pairs in rounds.values() for limit, _ in pairs]
    print(
        f"\n### Under gunicorn: share of the bare-Flask limit ({SIZE:,} listings)\n\n"
        f"2 sync workers per server, `wrk -t2 -c16 -d{SECONDS}s`, {ROUNDS} rounds; in each,"
        " every URL is measured right after the limit, and its share is the median of those"
        f' pairs\' ratios. Bare Flask "hello": median **{statistics.median(limits):,.0f}'
        f" req/s** ({min(limits):,.0f} to {max(limits):,.0f}).\n"
    )
    names = list(databases)
    header = "| endpoint |" + "".join(f" {d} req/s | share | p50 / p99 ms |" for d in names)
    if len(names) > 1:
        header += f" time: {names[1]} / {names[0]} |"
    print(header)
    print("|---|" + "---:|---:|---:|" * len(names) + ("---:|" if len(names) > 1 else ""))
    labels = list(dict.fromkeys(t.label for _, t in plan))
    for label in labels:
        row = f"| {label} |"
        shares = []
        for database in names:
            pairs = rounds[(database, label)]
            m = median_of([measured for _, measured in pairs])
            share = statistics.median(
                m.requests_per_second / limit.requests_per_second for limit, m in pairs
            )
            shares.append(share)
            failed = f" ({m.failures} failed)" if m.failures else ""
            row += (
                f" {m.requests_per_second:,.0f}{failed} |"
                f" {100 * share:.1f}% |"
                f" {m.p50_ms:.0f} / {m.p99_ms:.0f} |"
            )
        if len(names) > 1:
            # Time per request on the second setup over the first (PostgreSQL over SQLite),
            # each against its own limit: 1.5 means 1.5x slower.
            row += f" {shares[0] / shares[1]:.2f}x |"
        print(row)
    preload = (
        " (GUNICORN_PRELOAD=1: the master's first)"
        if os.environ.get("GUNICORN_PRELOAD") == "1"
        else ""
    )
    print(
        "\nMemory after warm-up, RSS / PSS MiB (PSS counts a page shared by n processes as"
        f" 1/n); index load times from the log{preload}:\n"
    )
    for server in servers.values():
        memory = ", ".join(f"{rss:.0f} / {pss:.0f}" for rss, pss in server.memory)
        master = "{:.0f} / {:.0f}".format(*server.master_memory)
        loads = ", ".join(f"{s:.1f} s" for s in server.index_load_seconds()) or "-"
        print(
            f"- {server.name}: workers {memory} (master {master}); index loaded in {loads};"
            f" answering with every worker warm {server.ready_seconds:.1f} s after start"
        )


if __name__ == "__main__":
    main()
