"""Where a search's time goes: each stage timed alone (medians of 30), without remembered
matches (``SEARCH_MEMORY_IDS=0``), so every full-text query runs.

Run after ``make bench`` has built the databases::

    .venv/bin/python -m bench.search_stages            # 10,000 and 100,000, near Thunder Bay
    .venv/bin/python -m bench.search_stages Toronto    # another place
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from config import DevelopmentConfig
from directory import create_app
from directory.extensions import db
from directory.geo import bounding_box, locate
from directory.search import engine
from directory.search.backends import backend_for
from directory.search.cards import result_cards
from directory.search.mirror import mirror_for
from directory.search.text import area_cell_token, box_cell_tokens, facet_token
from directory.search.vocabulary import vocabularies

BENCH_DIR = Path(__file__).resolve().parent.parent / "instance" / "bench"


def stages(size: int, city: str) -> dict[str, float]:
    class StagesConfig(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{BENCH_DIR / f'synthetic-{size}.sqlite3'}"
        SEARCH_MEMORY_IDS = 0

    app = create_app(StagesConfig)
    results: dict[str, float] = {}
    with app.test_request_context():
        session = db.session
        bits = vocabularies(session).bits
        place = locate(city).place
        query = engine.SearchQuery(
            q="counselling",
            filters={"sector": frozenset({"health-care"})},
            place=place,
            radius_km=50,
        )
        engine.run_search(session, query, bits)  # loads the mirror
        snapshot = mirror_for(session).snapshot(session)
        backend = backend_for(session)
        box = bounding_box(place.latitude, place.longitude, 50)
        around = [*box_cell_tokens(box), area_cell_token(place.latitude, place.longitude)]
        wide = ["zanational", "zaonline", facet_token("area", place.province)]
        terms = snapshot.terms_starting("counselling", engine.MAX_PREFIX_TERMS)

        def timed(name, action):
            timings = []
            for _ in range(30):
                started = time.perf_counter()
                result = action()
                timings.append((time.perf_counter() - started) * 1000)
            results[name] = statistics.median(timings)
            return result

        timed("index version check", lambda: mirror_for(session).snapshot(session))
        timed("vocabularies (kept)", lambda: vocabularies(session))
        near = timed(
            "full text: around the place",
            lambda: backend.match_ids(session, ["counselling"], around, terms),
        )
        serving = timed(
            "full text: serving the area",
            lambda: backend.match_ids(session, ["counselling"], wide, terms),
        )
        timed(
            "all matches placed (both above)",
            lambda: engine._matches(session, snapshot, ["counselling"], query),
        )
        outcome = timed(
            "run_search (+ filters, counts)", lambda: engine.run_search(session, query, bits)
        )
        hits = outcome.slice(0, 20)
        timed("first page of hits", lambda: engine.run_search(session, query, bits).slice(0, 20))
        timed(
            "20 result cards (1 query)",
            lambda: result_cards(session, [h.organization_id for h in hits]),
        )
        print(
            f"{size:,} listings near {city}: {len(near)} ids around the place, "
            f"{len(serving)} serving the area, {outcome.total} matches after filters"
        )
        db.session.remove()
        db.engine.dispose()
    return results


def main() -> None:
    city = sys.argv[1] if len(sys.argv) > 1 else "Thunder Bay"
    small, large = stages(10_000, city), stages(100_000, city)
    print("\n| stage | 10,000 | 100,000 |\n|---|---|---|")
    for name in small:
        print(f"| {name} | {small[name]:.2f} ms | {large[name]:.2f} ms |")


if __name__ == "__main__":
    main()
