"""Shared fixtures: a fresh migrated SQLite database per test, the ASGI client, a live server
with a real Chromium for browser tests (see tests/browser/conftest.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import migrate
from app.db import make_engine
from app.settings import REPO_ROOT, Settings, get_settings
from app.web.app import create_app

ARTIFACTS = REPO_ROOT / "test-artifacts"

# Properties are about results, not speed (benchmarks live in bench/): a loaded CI machine
# must not fail a property on Hypothesis's 200 ms deadline.
hypothesis_settings.register_profile("communique", deadline=None)
hypothesis_settings.load_profile("communique")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once per session; every test gets its own copy of this file."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate.upgrade(get_settings(database_url=f"sqlite:///{path}"))
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_template: Path) -> Path:
    path = tmp_path / "communique.db"
    shutil.copy(migrated_template, path)
    return path


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return get_settings(
        database_url=f"sqlite:///{db_path}",
        migrate_on_start=False,
        load_seeds=True,
        seeds_dir=REPO_ROOT / "seeds",
        secret_key="test-secret-key",
        # Starlette's TestClient sends Host: testserver.
        trusted_hosts="127.0.0.1,localhost,[::1],testserver",
        # Pages compare in the request, as before background jobs; the tests of the
        # background worker (tests/test_comparison_jobs.py) switch it on.
        comparison_worker="inline",
    )


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def empty_client(settings: Settings) -> Iterator[TestClient]:
    """A client on a database without the seed dossier."""
    with TestClient(create_app(settings.model_copy(update={"load_seeds": False}))) as c:
        yield c


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the robustness figures (fuzz cases, payloads, faults, records lost) for the notes."""
    import json

    from tests.robustness import COUNTS

    if COUNTS:
        ARTIFACTS.mkdir(exist_ok=True)
        summary = dict(sorted(COUNTS.items()))
        (ARTIFACTS / "robustness-summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        session.config.stash.setdefault(robustness_key, summary)  # type: ignore[arg-type]


robustness_key = pytest.StashKey[dict[str, int]]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.robustness import COUNTS

    if COUNTS:
        line = ", ".join(f"{k}={v}" for k, v in sorted(COUNTS.items()))
        terminalreporter.write_line(f"robustness: {line}")
