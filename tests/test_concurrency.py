"""50 concurrent imports through the HTTP API of a real server (2 workers, loopback): all
stored, no duplicates, no 'database is locked' reaching a user, and a racing duplicate refused."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app import db_sqlite
from app.db import make_engine
from app.settings import get_settings
from tests.live import running_server
from tests.robustness import record

pytestmark = pytest.mark.slow
IMPORTS = 50


def _post(url: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _article(n: int) -> str:
    return (
        f"Negotiators from delegation {n} met in the port city on day {n}. "
        f"They agreed on clause {n} of the fisheries accord. "
        f"The talks on quota {n * 7} will continue next week.\n"
    )


def test_fifty_concurrent_imports_are_all_stored_once(tmp_path: Path, database_url: str) -> None:
    with running_server(
        tmp_path, workers=2, database_url=database_url, COMMUNIQUE_LOAD_SEEDS="false"
    ) as url:
        status, dossier = _post(f"{url}/api/dossiers", {"title": "Fisheries accord"})
        assert status == 201
        target = f"{url}/api/dossiers/{dossier['id']}/sources"
        bodies = [{"text": _article(n), "outlet": f"Outlet {n}"} for n in range(IMPORTS)]
        # One text is sent twice at once: exactly one copy may win.
        bodies.append({"text": _article(0), "outlet": "Racer"})
        with ThreadPoolExecutor(max_workers=IMPORTS + 1) as pool:
            results = list(pool.map(lambda b: _post(target, b), bodies))
    statuses = sorted(code for code, _ in results)
    assert statuses.count(201) == IMPORTS, statuses
    assert statuses.count(409) == 1
    details = " ".join(str(body.get("detail", "")) for _, body in results)
    assert "locked" not in details.lower()

    engine = make_engine(get_settings(database_url=database_url))
    try:
        if engine.dialect.name == "sqlite":
            assert db_sqlite.integrity_ok(engine)
        with engine.connect() as conn:
            texts = list(conn.exec_driver_sql("SELECT text FROM source").scalars())
            orphans = conn.exec_driver_sql(
                "SELECT count(*) FROM source s WHERE NOT EXISTS "
                "(SELECT 1 FROM segment g WHERE g.source_id = s.id)"
            ).scalar()
    finally:
        engine.dispose()
    assert len(texts) == IMPORTS and len(set(texts)) == IMPORTS
    assert orphans == 0
    record("concurrent_imports", IMPORTS + 1)
    record("records_lost", IMPORTS - len(texts))
