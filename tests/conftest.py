"""Shared fixtures: a fresh migrated database per test, the ASGI client, a live server with a
real Chromium for browser tests (see tests/browser/conftest.py).

``COMMUNIQUE_TEST_DB=postgresql`` runs every test on PostgreSQL instead of SQLite: the session
starts its own cluster (tests/pg_cluster.py), migrates a template database once and gives each
test a copy of it (``CREATE DATABASE ... TEMPLATE``), dropped afterwards. Tests marked
``sqlite_only`` or ``postgresql_only`` run on that database only."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from app import migrate
from app.db import make_engine
from app.settings import REPO_ROOT, Settings, get_settings
from app.web.app import create_app
from tests.pg_cluster import Cluster, running_cluster

ARTIFACTS = REPO_ROOT / "test-artifacts"
TEST_DB = os.environ.get("COMMUNIQUE_TEST_DB", "sqlite").strip().lower() or "sqlite"
if TEST_DB not in ("sqlite", "postgresql"):
    raise pytest.UsageError(f"COMMUNIQUE_TEST_DB must be sqlite or postgresql, not {TEST_DB!r}")

# Properties are about results, not speed (benchmarks live in bench/): a loaded CI machine
# must not fail a property on Hypothesis's 200 ms deadline.
hypothesis_settings.register_profile("communique", deadline=None)
hypothesis_settings.load_profile("communique")


#: Fixtures through which a test reaches the run's database.
DATABASE_FIXTURES = {"database_url", "new_database", "migrated_template", "pg_databases"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests about one database's own machinery are skipped on the other; the PostgreSQL run
    leaves out the tests that use no database (the engine, the lock files...): they ran on
    SQLite already and would only run again unchanged."""
    other = "postgresql_only" if TEST_DB == "sqlite" else "sqlite_only"
    reason = f"{other}: this run is on {TEST_DB} (COMMUNIQUE_TEST_DB)"
    for item in items:
        if other in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))
    if TEST_DB != "postgresql":
        return
    keep = [i for i in items if DATABASE_FIXTURES & set(getattr(i, "fixturenames", ()))]
    left_out = [i for i in items if i not in keep]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = keep


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's own PostgreSQL server (started on first use, stopped at the end)."""
    if TEST_DB != "postgresql":
        pytest.skip("needs COMMUNIQUE_TEST_DB=postgresql")
    with running_cluster() as cluster:
        yield cluster


class PgDatabases:
    """Creates and drops the databases of one test session's cluster."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self._admin = create_engine(cluster.url("postgres"), isolation_level="AUTOCOMMIT")
        self._count = itertools.count(1)

    def create(self, template: str | None = None) -> str:
        """A new database (a copy of ``template`` when given); returns its URL."""
        name = f"t_{next(self._count)}"
        suffix = f" TEMPLATE {template}" if template else ""
        with self._admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}{suffix}")
        return self.cluster.url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self._admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        self._admin.dispose()


@pytest.fixture(scope="session")
def pg_databases(pg_cluster: Cluster) -> Iterator[PgDatabases]:
    databases = PgDatabases(pg_cluster)
    yield databases
    databases.close()


@pytest.fixture(scope="session")
def migrated_template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path | str:
    """Migrate once per session; every test gets its own copy of it.

    SQLite: the path of a migrated file. PostgreSQL (``COMMUNIQUE_TEST_DB=postgresql``): the
    name of a migrated template database that ``CREATE DATABASE ... TEMPLATE`` copies.
    """
    if TEST_DB == "postgresql":
        databases: PgDatabases = request.getfixturevalue("pg_databases")
        url = databases.create()
        migrate.upgrade(get_settings(database_url=url))
        # alembic's engine is disposed: no session is left on the template, so it copies.
        return str(make_url(url).database)
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate.upgrade(get_settings(database_url=f"sqlite:///{path}"))
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_template: Path) -> Path:
    """SQLite only: this test's copy of the migrated database file."""
    if TEST_DB != "sqlite":
        pytest.skip("db_path is a SQLite file")
    path = tmp_path / "communique.db"
    shutil.copy(migrated_template, path)
    return path


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """This test's own freshly migrated database, on the backend of the run."""
    if TEST_DB == "postgresql":
        databases: PgDatabases = request.getfixturevalue("pg_databases")
        template = request.getfixturevalue("migrated_template")
        url = databases.create(template=str(template))
        yield url
        databases.drop(url)
    else:
        yield f"sqlite:///{request.getfixturevalue('db_path')}"


@pytest.fixture
def new_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of further empty (unmigrated) databases for this test, dropped afterwards."""
    made: list[str] = []

    def make() -> str:
        if TEST_DB == "postgresql":
            databases: PgDatabases = request.getfixturevalue("pg_databases")
            made.append(databases.create())
        else:
            made.append(f"sqlite:///{tmp_path / f'extra_{len(made) + 1}.db'}")
        return made[-1]

    yield make
    if TEST_DB == "postgresql":
        for url in made:
            request.getfixturevalue("pg_databases").drop(url)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return get_settings(
        database_url=database_url,
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
def api(settings: Settings) -> Iterator[TestClient]:
    """A client as a script calls the API: no seed dossier, and X-Requested-With on every
    call (which a cross-site form cannot send)."""
    quiet = settings.model_copy(update={"load_seeds": False})
    with TestClient(create_app(quiet), headers={"X-Requested-With": "tests"}) as c:
        yield c


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
