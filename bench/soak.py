"""`make soak`: the load test's mixed traffic for 10 minutes (SOAK_SECONDS), sampling the
resident memory of every gunicorn worker every 30 s. Memory should be flat: growth in the
first minutes (each worker loading its index mirror and filling caches), then none."""

from __future__ import annotations

import os
import sys

from bench.loadtest import print_report, run

MIB = 1024 * 1024


def main() -> None:
    seconds = int(os.environ.get("SOAK_SECONDS", "600"))
    result = run(seconds, users=int(os.environ.get("SOAK_USERS", "6")), memory_every=30)
    print_report(result)
    samples = result["memory"]
    workers = sorted({key for row in samples for key in row if key != "seconds"})
    print("\n| worker | " + " | ".join(f"{row['seconds']} s" for row in samples) + " |")
    print("|---|" + "---|" * len(samples))
    for worker in workers:
        cells = [f"{row[worker] / MIB:.0f}" if worker in row else "–" for row in samples]
        print(f"| {worker} | " + " | ".join(cells) + " | MiB")
    first_minute = [row for row in samples if row["seconds"] >= 60][:1]
    if first_minute:
        start, end = first_minute[0], samples[-1]
        growth = [(end[w] - start[w]) / MIB for w in workers if w in start and w in end]
        print(
            f"\ngrowth per worker from 60 s to {end['seconds']} s: "
            + ", ".join(f"{g:+.1f} MiB" for g in growth)
        )
    sys.exit(1 if result["failures"] else 0)


if __name__ == "__main__":
    main()
