"""Where a search's time goes: each stage of ``run_search`` timed alone (medians of 15).

Run after ``make bench`` has built the database::

    DATABASE_URL=sqlite:///$PWD/instance/bench/synthetic-100000.sqlite3 \
        .venv/bin/python -m bench.search_stages
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from operator import itemgetter

from directory import create_app
from directory.extensions import db
from directory.geo import locate
from directory.search import engine
from directory.search.facets import load_facet_bits


def main() -> None:
    app = create_app()
    with app.app_context():
        bits = load_facet_bits(db.session)
        query = engine.SearchQuery(
            q="counselling",
            filters={"sector": frozenset({"health-care"})},
            place=locate("Thunder Bay").place,
            radius_km=50,
        )
        engine.run_search(db.session, query, bits)  # warm the mirror
        timings: dict[str, list[float]] = {}

        def timed(name, action):  # noqa: ANN001, ANN202
            started = time.perf_counter()
            result = action()
            timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
            return result

        for _ in range(15):
            words = engine.query_words(query.q)
            to_place, serving = timed(
                "full-text queries + index rows",
                lambda w=words: engine._candidates(db.session, w, query),
            )
            placements = {}
            for candidate in to_place:
                placement = engine._placement(candidate, query)
                if placement is not None:
                    placements[candidate.organization_id] = placement
            kept = [c for c in to_place if c.organization_id in placements] + serving
            passing, failing = timed(
                "classify by filters",
                lambda k=kept: engine._classify(k, engine._requirements(query, bits)),
            )

            def count(p=passing, f=failing):  # noqa: ANN001, ANN202
                columns = (*engine._MASK_INDEX.items(), ("flag", engine._FLAG_INDEX))
                counts = {facet: Counter(map(itemgetter(i), p)) for facet, i in columns}
                for (facet, i), rows in f.items():
                    counts[facet].update(map(itemgetter(i), rows))
                return counts

            counts = timed("count facet masks", count)
            timed("decode counts", lambda c=counts: [bits.decode(f, c[f]) for f in bits.bits])
            timed("whole run_search", lambda: engine.run_search(db.session, query, bits))
        print(f"{len(to_place)} candidates to place, {len(serving)} serving by area")
        for name, values in timings.items():
            print(f"{name:32s} {statistics.median(values):6.2f} ms")


if __name__ == "__main__":
    main()
