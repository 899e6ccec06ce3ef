#!/usr/bin/env python3
"""Search speed on the engine's word keys (issue 12): sources are matched in Python, so the
cost grows with the stored text. Builds a temporary database with ``--sources`` made-up
articles of ``--kib`` KiB each (bench.save_speed.article) and times ``search()`` for a few
queries: the first run (every text tokenised) and the median of the warm runs (tokenised
texts memoised).

Usage: bench/search_speed.py [--sources 100] [--kib 20] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from app import migrate  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.models import DossierCreate, SourceCreate  # noqa: E402
from app.services import dossiers, search, sources  # noqa: E402
from app.settings import get_settings  # noqa: E402
from bench.save_speed import article  # noqa: E402

QUERIES = ["7th", "defence ministers", '"port deal" OR agreement', "minister AND talks"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--kib", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        settings = get_settings(database_url=url)
        migrate.upgrade(settings)
        engine = make_engine(settings)
        with Session(engine) as session:
            dossier = dossiers.create_dossier(session, DossierCreate(title="Search bench"))
            assert dossier.id is not None
            for n in range(args.sources):
                text = article(args.kib, n)
                sources.import_source(session, dossier.id, SourceCreate(text=text))
            print(f"{args.sources} sources of {args.kib} KiB")
            first = True
            for query in QUERIES:
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    hits = search.search(session, query).hits
                    times.append(time.perf_counter() - start)
                cold = f"first {times[0] * 1000:.0f} ms (texts tokenised), " if first else ""
                first = False
                warm = statistics.median(times[1:]) * 1000
                print(f"{query!r}: {len(hits)} hits, {cold}median {warm:.0f} ms")


if __name__ == "__main__":
    main()
