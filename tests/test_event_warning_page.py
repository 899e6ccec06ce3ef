"""The dossier page says which source reports another event (issue 10), HTML and JSON."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.engine.test_event import EIGHTH, NINTH
from tests.html import soup


def _dossier_with(api: TestClient, texts: list[str]) -> str:
    made = api.post("/api/dossiers", json={"title": "Ruritania-Freedonia trade talks"})
    assert made.status_code == 201, made.text
    dossier_id = made.json()["id"]
    for n, text in enumerate(texts):
        title = f"Report {n + 1}"
        response = api.post(
            f"/api/dossiers/{dossier_id}/sources", json={"text": text, "title": title}
        )
        assert response.status_code == 201, response.text
    return f"/dossiers/{dossier_id}"


def test_the_report_of_another_round_is_named_on_the_dossier_page(api: TestClient) -> None:
    url = _dossier_with(api, [*NINTH, EIGHTH])
    page = soup(api.get(url).text)
    items = page.select(".source-warnings li.warning-different_event")
    assert len(items) == 1
    text = items[0].get_text(" ", strip=True)
    assert "Report 4" in text and "eighth" in text and "Vienna" in text
    data = api.get(f"{url}.json").json()
    assert [(w["kind"], w["source"]["label"]) for w in data["warnings"]] == [
        ("different_event", "Report 4")
    ]


def test_no_notice_when_every_source_reports_the_same_event(api: TestClient) -> None:
    url = _dossier_with(api, NINTH)
    assert soup(api.get(url).text).select(".source-warnings") == []
    assert api.get(f"{url}.json").json()["warnings"] == []
