"""Editing a dossier's title, description and event date by form and by JSON API; bad
input is refused with a message and changes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.html import one, soup, texts
from tests.test_forms import csrf

JSON = {"X-Requested-With": "tests"}


def _new_dossier(client: TestClient) -> int:
    response = client.post(
        "/dossiers",
        data={**csrf(client), "title": "Harbour talks", "description": "", "event_date": ""},
    )
    assert response.status_code == 200
    return int(str(response.url).rstrip("/").split("/")[-1])


def _form(client: TestClient, dossier_id: int) -> dict[str, str]:
    form = one(soup(client.get(f"/dossiers/{dossier_id}/edit").text), "form.form")
    data = {str(i["name"]): str(i.get("value", "")) for i in form.select("input")}
    data["description"] = one(form, "textarea").get_text()
    return data


def test_the_dossier_page_links_to_the_edit_form_which_saves(client: TestClient) -> None:
    dossier_id = _new_dossier(client)
    page = soup(client.get(f"/dossiers/{dossier_id}").text)
    assert one(page, "a[href$='/edit']").get_text() == "Edit dossier"
    data = _form(client, dossier_id)
    assert data["title"] == "Harbour talks"
    data.update(title="Harbour talks, May 2026", description="Two ports", event_date="2026-05-04")
    response = client.post(f"/dossiers/{dossier_id}/edit", data=data, follow_redirects=False)
    assert response.status_code == 303
    page = soup(client.get(f"/dossiers/{dossier_id}").text)
    assert texts(page, "h1") == ["Harbour talks, May 2026"]
    assert "Event date: 2026-05-04" in page.get_text()
    assert "Two ports" in texts(page, ".lead")
    twin = client.get(f"/dossiers/{dossier_id}/edit.json").json()
    assert twin["form"]["values"]["event_date"] == "2026-05-04"


def test_a_blank_title_or_a_bad_date_is_refused_and_nothing_changes(client: TestClient) -> None:
    dossier_id = _new_dossier(client)
    data = _form(client, dossier_id)
    for bad in ({"title": "  "}, {"event_date": "next week"}):
        response = client.post(f"/dossiers/{dossier_id}/edit", data={**data, **bad})
        assert response.status_code == 422
        assert one(soup(response.text), ".field-invalid .field-error").get_text().strip()
    assert client.get(f"/dossiers/{dossier_id}.json").json()["dossier"]["title"] == "Harbour talks"


def test_the_json_api_edits_only_the_fields_sent(client: TestClient) -> None:
    dossier_id = _new_dossier(client)
    url = f"/api/dossiers/{dossier_id}"
    response = client.patch(url, json={"event_date": "2026-01-07"}, headers=JSON)
    assert response.status_code == 200, response.text
    assert response.json()["title"] == "Harbour talks"
    assert response.json()["event_date"] == "2026-01-07"
    response = client.patch(url, json={"description": "Talks in Valmora"}, headers=JSON)
    assert response.json()["event_date"] == "2026-01-07"
    response = client.patch(url, json={"event_date": None}, headers=JSON)
    assert response.json()["event_date"] is None
    assert response.json()["description"] == "Talks in Valmora"
    for bad in ({"title": ""}, {"title": "   "}, {"event_date": "soon"}):
        assert client.patch(url, json=bad, headers=JSON).status_code == 422
    assert client.patch("/api/dossiers/999999", json={}, headers=JSON).status_code == 404
    assert client.get(f"/dossiers/{dossier_id}.json").json()["dossier"]["title"] == "Harbour talks"
