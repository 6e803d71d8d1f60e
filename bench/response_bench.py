"""Time the local response card (docs/response.md): ``python -m bench.response_bench``.

Runs against the database in ``DATABASE_URL`` through the WSGI app (no network): for each
place, one cold request (the first: the process loads the search index mirror), then
``--runs`` more of the page and of the API; prints the median of each in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from urllib.parse import quote

from flask.testing import FlaskClient

from directory import create_app

PLACES = ("Kenora", "Thunder Bay", "Toronto", "Montréal", "Iqaluit")


def _ms(client: FlaskClient, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    app = create_app()
    client = app.test_client()
    print(f"cold (first request of the process): {_ms(client, '/response?near=Kenora'):.0f} ms")
    for place in PLACES:
        near = quote(place)
        page = [_ms(client, f"/response?near={near}") for _ in range(args.runs)]
        api = [_ms(client, f"/api/v1/response?near={near}") for _ in range(args.runs)]
        print(
            f"{place:12} page median {statistics.median(page):6.1f} ms"
            f"  API median {statistics.median(api):6.1f} ms"
        )


if __name__ == "__main__":
    main()
