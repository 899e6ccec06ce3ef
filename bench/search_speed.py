#!/usr/bin/env python3
"""Search speed on the engine's word keys (issues 12, 14): the database picks, counts and
ranks the matching sources; Python matches only the first page's (a phrase's: until the page
is full). Builds a temporary database with ``--sources`` made-up articles of ``--kib`` KiB
each (bench.save_speed.article) and times ``search()`` for a few queries: the first run (the
page's texts tokenised) and the median of the warm runs (tokenised texts memoised).

On SQLite, ``--full-scan`` drops the keys table of migration 0011 after the import, so every
source is read and matched (the behaviour before it), for a before/after figure.

With ``--postgresql`` the database is a throw-away PostgreSQL cluster (tests/pg_cluster.py)
instead of a SQLite file.

Usage: bench/search_speed.py [--sources 100] [--kib 20] [--runs 5] [--postgresql | --full-scan]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
from tests.pg_cluster import running_cluster  # noqa: E402

QUERIES = ["7th", "defence ministers", '"port deal" OR agreement', "minister AND talks", "okapi"]
#: One short source holds a word no article has: a selective query.
RARE = "An okapi was seen near the embassy on the second day of the talks."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--kib", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgresql", action="store_true", help="on a temporary PostgreSQL")
    parser.add_argument("--full-scan", action="store_true", help="SQLite without its keys table")
    args = parser.parse_args()
    with database(args.postgresql) as url:
        settings = get_settings(database_url=url)
        migrate.upgrade(settings)
        engine = make_engine(settings)
        with Session(engine) as session:
            dossier = dossiers.create_dossier(session, DossierCreate(title="Search bench"))
            assert dossier.id is not None
            for n in range(args.sources):
                text = article(args.kib, n)
                sources.import_source(session, dossier.id, SourceCreate(text=text))
            sources.import_source(session, dossier.id, SourceCreate(text=RARE))
            if args.full_scan:
                session.connection().exec_driver_sql("DROP TABLE IF EXISTS source_keys")
                session.commit()
            print(f"{args.sources} sources of {args.kib} KiB on {engine.dialect.name}")
            first = True
            for query in QUERIES:
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    results = search.search(session, query)
                    times.append(time.perf_counter() - start)
                cold = f"first {times[0] * 1000:.0f} ms (texts tokenised), " if first else ""
                first = False
                warm = statistics.median(times[1:]) * 1000
                about = "" if results.exact else "about "
                shown = f"{about}{results.total} hits ({len(results.hits)} on the first page)"
                print(f"{query!r}: {shown}, {cold}median {warm:.0f} ms")


@contextmanager
def database(postgresql: bool) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, or a database of a temporary cluster."""
    if not postgresql:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    with running_cluster() as cluster:
        yield cluster.url("postgres")


if __name__ == "__main__":
    main()
