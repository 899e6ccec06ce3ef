"""Comparison in the background: saving answers at once, pages show progress, failures show
their error and can be retried. The engine is made slow (held on an event) or failing here."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.models import ComparisonJob
from app.services import comparisons
from app.settings import Settings
from app.web.app import create_app
from tests.html import one, soup
from tests.test_forms import post_form

ARTICLES = [
    "Ministers of both countries met in Lisbon on Monday. They agreed to open a new rail "
    "link by 2028. The talks lasted four hours.",
    "The foreign ministers met in Lisbon on Monday. They agreed to open a rail link by 2028. "
    "A trade office will open in Porto.",
    "Officials met in Lisbon on Monday and agreed on a rail link to open by 2030. "
    "Protesters gathered outside the venue.",
]
TIMEOUT = 30.0


class Gate:
    """Wraps the engine: each run waits until the test opens the gate, or raises if told."""

    def __init__(self, real: Callable[..., dict[str, Any]]) -> None:
        self.real = real
        self.open = threading.Event()
        self.failure: Exception | None = None
        self.started = threading.Event()

    def __call__(self, texts: Sequence[str], names: Sequence[str]) -> dict[str, Any]:
        self.started.set()
        if not self.open.wait(TIMEOUT):
            raise TimeoutError("the test never opened the gate")
        if self.failure is not None:
            raise self.failure
        return self.real(texts, names)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    g = Gate(comparisons.run_engine)
    monkeypatch.setattr(comparisons, "run_engine", g)
    comparisons.clear_memo()
    yield g
    g.open.set()  # never leave the worker waiting


@pytest.fixture
def client(settings: Settings, gate: Gate) -> Iterator[TestClient]:
    background = settings.model_copy(update={"load_seeds": False, "comparison_worker": "thread"})
    with TestClient(create_app(background), headers={"X-Requested-With": "tests"}) as c:
        yield c


def new_dossier(client: TestClient) -> int:
    response = client.post("/api/dossiers", json={"title": "Rail talks"})
    assert response.status_code == 201
    return int(response.json()["id"])


def add(client: TestClient, dossier_id: int, text: str) -> int:
    response = client.post(f"/api/dossiers/{dossier_id}/sources", json={"text": text})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def state(client: TestClient, dossier_id: int) -> dict[str, Any]:
    response = client.get(f"/dossiers/{dossier_id}/comparison.json")
    assert response.status_code == 200
    status: dict[str, Any] = response.json()["comparison"]
    return status


def wait_for(client: TestClient, dossier_id: int, wanted: str) -> dict[str, Any]:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        status = state(client, dossier_id)
        if status["state"] == wanted:
            return status
        time.sleep(0.05)
    raise AssertionError(f"the comparison never became {wanted}: {status}")


def compared_pair(client: TestClient, gate: Gate) -> int:
    gate.open.set()
    dossier_id = new_dossier(client)
    add(client, dossier_id, ARTICLES[0])
    add(client, dossier_id, ARTICLES[1])
    wait_for(client, dossier_id, "current")
    gate.open.clear()
    gate.started.clear()
    return dossier_id


def test_saving_answers_while_the_comparison_is_held(client: TestClient, gate: Gate) -> None:
    dossier_id = new_dossier(client)
    add(client, dossier_id, ARTICLES[0])
    add(client, dossier_id, ARTICLES[1])  # answers although the engine cannot finish
    assert gate.started.wait(TIMEOUT), "the worker never started the comparison"
    assert not gate.open.is_set()
    page = client.get(f"/dossiers/{dossier_id}")
    assert page.status_code == 200
    assert "Comparing the sources" in page.text
    assert f'hx-get="/dossiers/{dossier_id}/comparison"' in page.text
    assert state(client, dossier_id)["state"] == "running"
    gate.open.set()
    wait_for(client, dossier_id, "current")
    assert "Comparing the sources" not in client.get(f"/dossiers/{dossier_id}").text


def test_the_previous_result_stays_visible_marked_out_of_date(
    client: TestClient, gate: Gate
) -> None:
    dossier_id = compared_pair(client, gate)
    before = client.get(f"/dossiers/{dossier_id}.json").json()
    assert before["comparison"]["state"] == "current" and before["claims"]
    third = add(client, dossier_id, ARTICLES[2])
    assert gate.started.wait(TIMEOUT)
    during = client.get(f"/dossiers/{dossier_id}.json").json()
    assert during["comparison"] == {**during["comparison"], "state": "running", "stale": True}
    assert during["claims"] == before["claims"]  # the old matrix, not an empty page
    html = client.get(f"/dossiers/{dossier_id}").text
    assert "out of date" in html
    # The new source is not in the old result: its page shows its sentences, uncompared.
    source = client.get(f"/sources/{third}.json")
    assert source.status_code == 200
    assert source.json()["comparison"]["stale"] is True
    assert len(source.json()["segments"]) == 2
    gate.open.set()
    wait_for(client, dossier_id, "current")
    after = client.get(f"/dossiers/{dossier_id}.json").json()
    assert len(after["sources"]) == 3 and after["comparison"]["stale"] is False


def test_the_poll_reloads_the_page_once_the_comparison_is_done(
    client: TestClient, gate: Gate
) -> None:
    dossier_id = compared_pair(client, gate)
    add(client, dossier_id, ARTICLES[2])
    assert gate.started.wait(TIMEOUT)
    poll = client.get(f"/dossiers/{dossier_id}/comparison", headers={"HX-Request": "true"})
    assert "HX-Refresh" not in poll.headers and "Comparing the sources" in poll.text
    gate.open.set()
    wait_for(client, dossier_id, "current")
    done = client.get(f"/dossiers/{dossier_id}/comparison", headers={"HX-Request": "true"})
    assert done.headers.get("HX-Refresh") == "true"
    assert "Comparing" not in done.text


def test_a_failed_comparison_shows_its_error_and_can_be_retried(
    client: TestClient, gate: Gate, session: Session
) -> None:
    dossier_id = compared_pair(client, gate)
    gate.failure = RuntimeError("the engine ran out of   patience")
    gate.open.set()
    add(client, dossier_id, ARTICLES[2])
    failed = wait_for(client, dossier_id, "failed")
    assert failed["error"] == "RuntimeError: the engine ran out of patience"
    assert failed["started_at"] and failed["finished_at"]
    page = client.get(f"/dossiers/{dossier_id}")
    assert "The comparison failed" in page.text and "ran out of patience" in page.text
    assert "Retry the comparison" in page.text
    # Not retried by itself while nothing changed: pages keep showing the failure.
    time.sleep(0.2)
    assert state(client, dossier_id)["state"] == "failed"
    gate.failure = None
    form = one(soup(page.text), "#comparison-status form")
    retried = post_form(client, str(form["action"]), {}, follow_redirects=False)
    assert retried.status_code == 303
    wait_for(client, dossier_id, "current")
    # The run is stored (pages are current) a moment before the job row is marked done.
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        session.expire_all()
        query = (
            select(ComparisonJob)
            .where(ComparisonJob.dossier_id == dossier_id)
            .order_by(col(ComparisonJob.id))
        )
        statuses = [j.status for j in session.exec(query)]
        if statuses[-1] != "running":
            break
        time.sleep(0.05)
    assert statuses[-2:] == ["failed", "done"]


def test_retry_of_a_missing_dossier_is_404(client: TestClient) -> None:
    assert post_form(client, "/dossiers/999/comparison/retry", {}).status_code == 404
    assert client.get("/dossiers/999/comparison.json").status_code == 404


def test_jobs_left_by_a_stopped_server_run_at_the_next_start(
    settings: Settings, session: Session, gate: Gate
) -> None:
    gate.open.set()
    inline = settings.model_copy(update={"load_seeds": False})
    with TestClient(create_app(inline), headers={"X-Requested-With": "tests"}) as c:
        dossier_id = new_dossier(c)
    session.add(ComparisonJob(dossier_id=dossier_id, status="running"))
    session.commit()
    background = inline.model_copy(update={"comparison_worker": "thread"})
    with TestClient(create_app(background), headers={"X-Requested-With": "tests"}) as c:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            session.expire_all()
            job = session.exec(select(ComparisonJob)).one()
            if job.status == "done":
                break
            time.sleep(0.05)
        assert job.status == "done" and job.finished_at is not None


def test_an_empty_dossier_says_there_is_nothing_to_compare_yet(client: TestClient) -> None:
    dossier_id = new_dossier(client)
    page = client.get(f"/dossiers/{dossier_id}").text
    assert "Nothing to compare yet" in page and "No conflicting details" not in page
    add(client, dossier_id, ARTICLES[0])
    assert "(this dossier has one)" in client.get(f"/dossiers/{dossier_id}").text


def test_the_favicon_is_served(client: TestClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
