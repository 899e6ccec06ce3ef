"""Review decisions over HTTP: confirm, reject, link, verify, move, undo; shown on every page
and in the JSON twins; surviving a new source; flagged when their text is edited away."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Source
from app.models_accounts import Role
from app.services import sources
from tests.html import one, soup, texts
from tests.test_accounts import add_user, csrf_from, sign_in

SEED_TITLE = "China–Pakistan Foreign Ministers' Strategic Dialogue, January 2026"
# A made-up third report of the same dialogue (written for these tests).
THIRD = (
    "Chinese and Pakistani foreign ministers met in Beijing for their seventh strategic "
    "dialogue, a spokesman for the Pakistani delegation said on Tuesday.\n"
    "The two ministers agreed to keep a zero-tolerance stance on terrorism and to deepen "
    "security cooperation between their countries.\n"
    "Officials also discussed a new rail link through the Khunjerab Pass, which the "
    "spokesman described as an early idea rather than a plan.\n"
    "A third round of talks on water management is expected in the spring."
)


def _seed(client: TestClient) -> tuple[int, list[int]]:
    data = client.get("/index.json").json()
    (item,) = [d for d in data["dossiers"] if d["dossier"]["title"] == SEED_TITLE]
    overview = client.get(f"{item['url']}.json").json()
    return overview["dossier"]["id"], [s["source"]["id"] for s in overview["sources"]]


def _compare_url(dossier_id: int, ids: list[int]) -> str:
    return f"/dossiers/{dossier_id}/compare?a={ids[0]}&b={ids[1]}"


def _page(client: TestClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    return soup(response.text)


def _twin(client: TestClient, url: str) -> Any:
    path, _, query = url.partition("?")
    response = client.get(f"{path}.json" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response.json()


def _press(client: TestClient, url: str, value: str) -> None:
    """Press the review button whose ``do`` value is ``value`` on the page at ``url``."""
    page = _page(client, url)
    form = one(page, "form#review-form")
    assert page.select(f'button[form="review-form"][name="do"][value="{value}"]'), value
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    response = client.post(str(form["action"]), data={**data, "do": value}, follow_redirects=False)
    assert response.status_code == 303, response.text[:300]


def _pairs(view: dict[str, Any]) -> dict[tuple[str, str], Any]:
    return {(p["left_ref"], p["right_ref"]): p for r in view["rows"] for p in r["pairs"]}


def _confirm_and_reject(client: TestClient) -> tuple[str, tuple[str, str], tuple[str, str]]:
    dossier_id, ids = _seed(client)
    url = _compare_url(dossier_id, ids)
    pairs = list(_pairs(_twin(client, url)))
    assert len(pairs) >= 2, "the seed sources share at least two claims"
    confirmed, rejected = pairs[0], pairs[-1]
    _press(client, url, f"confirm {confirmed[0]} {confirmed[1]}")
    _press(client, url, f"reject {rejected[0]} {rejected[1]}")
    return url, confirmed, rejected


def test_confirm_and_reject_show_as_badges_and_in_the_json_twin(client: TestClient) -> None:
    url, confirmed, rejected = _confirm_and_reject(client)
    view = _twin(client, url)
    pairs = _pairs(view)
    assert pairs[confirmed]["review"]["state"] == "confirmed"
    assert pairs[confirmed]["review"]["author"] == "local user"
    assert rejected not in pairs, "a rejected match is no longer aligned"
    page = _page(client, url)
    shared = page.select(".crow.row-shared")
    badge_rows = [texts(r, ".review-badge") for r in shared]
    assert any(any(t.startswith("✓ confirmed") for t in b) for b in badge_rows)
    rejected_rows = [r for r in page.select(".crow") if r.select(".review-badge.review-rejected")]
    assert rejected_rows and all("Undo rejection" in texts(r, "button") for r in rejected_rows)
    assert [texts(r, ".review-badge") for r in page.select(".crow[data-row]")] == [
        [_badge_text(b) for b in r["review"]] for r in view["rows"]
    ]


def _badge_text(badge: dict[str, Any]) -> str:
    note = f"“{badge['note']}”" if badge["note"] else ""
    return " ".join(part for part in (badge["text"], badge["detail"], note) if part)


def test_matrix_and_audit_show_the_decisions(client: TestClient) -> None:
    url, _, _ = _confirm_and_reject(client)
    dossier_url = url.split("/compare")[0]
    page = _page(client, dossier_url)
    badges = texts(page, "table.matrix .review-badge")
    assert any(b.startswith("✓ confirmed") for b in badges)
    assert any(b.startswith("✗ rejected") for b in badges)
    assert one(page, "a.audit-link").get_text(strip=True) == "Review decisions (2)"
    overview = _twin(client, dossier_url)
    assert [d["action"] for d in overview["decisions"]] == ["reject", "confirm"]
    audit = _page(client, f"{dossier_url}/audit")
    assert texts(audit, "tr.audit-row .audit-action") == [
        "Rejected the match",
        "Confirmed the match",
    ]
    assert texts(audit, "tr.audit-row .audit-who") == ["local user", "local user"]
    assert texts(audit, "tr.audit-row .audit-status") == ["applied", "applied"]
    twin = _twin(client, f"{dossier_url}/audit")
    assert [i["decision"]["id"] for i in twin["decisions"]] == [
        int(str(r["data-decision"])) for r in audit.select("tr.audit-row")
    ]


def test_undo_removes_the_decision(client: TestClient) -> None:
    url, confirmed, _ = _confirm_and_reject(client)
    decision = _pairs(_twin(client, url))[confirmed]["review"]["decision_id"]
    _press(client, url, f"undo {decision}")
    assert _pairs(_twin(client, url))[confirmed]["review"] is None
    assert len(_twin(client, url.split("/compare")[0] + "/audit")["decisions"]) == 1


def test_link_two_unaligned_sentences_with_the_plain_form(client: TestClient) -> None:
    dossier_id, ids = _seed(client)
    url = _compare_url(dossier_id, ids)
    view = _twin(client, url)
    lone_left = next(r for r in view["rows"] if r["kind"] == "only_left")["left"][0]
    lone_right = next(r for r in view["rows"] if r["kind"] == "only_right")["right"][0]
    a = f"{lone_left['source_id']}:{lone_left['position']}"
    b = f"{lone_right['source_id']}:{lone_right['position']}"
    page = _page(client, url)
    form = one(page, "form.link-form")
    assert a in [o["value"] for o in form.select("select[name=a] option")]
    assert b in [o["value"] for o in form.select("select[name=b] option")]
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    response = client.post(
        str(form["action"]),
        data={**data, "a": a, "b": b, "note": "same pledge, other words"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    pair = _pairs(_twin(client, url))[(a, b)]
    assert pair["kind"] == "manual" and pair["review"]["state"] == "manual"
    row = next(
        r for r in _page(client, url).select(".crow.row-shared") if "↔ manual link" in r.get_text()
    )
    assert texts(row, ".match-kind") == ["linked by an editor"]
    assert "same pledge, other words" in texts(row, ".review-badge.review-manual")[0]


def test_verify_move_and_detach_on_the_claim_page(client: TestClient) -> None:
    dossier_id, _ = _seed(client)
    overview = _twin(client, f"/dossiers/{dossier_id}")
    group = next(c for c in overview["claims"] if c["source_count"] == 2)
    claim_url = group["url"]
    page = _page(client, claim_url)
    form = one(page, "form.mark-form")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    response = client.post(
        str(form["action"]),
        data={**data, "op": "dispute", "note": "the date differs from the ministry's"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = _page(client, claim_url)
    assert texts(page, ".claim-review .review-badge") == [
        "⚠ disputed “the date differs from the ministry's”"
    ]
    assert _twin(client, claim_url)["review"][0]["state"] == "disputed"
    row = next(r for r in _twin(client, f"/dossiers/{dossier_id}")["claims"] if r["review"])
    assert row["review"][0]["text"] == "⚠ disputed"
    # Move another sentence into the claim, then take it out again.
    move = one(page, "form.move-form")
    choice = str(move.select("select[name=a] option")[0]["value"])
    data = {i["name"]: i["value"] for i in move.select("input[type=hidden]")}
    assert client.post(str(move["action"]), data={**data, "a": choice}).status_code == 200
    claim = _twin(client, claim_url)
    members = [f"{s['source_id']}:{s['position']}" for m in claim["members"] for s in m["segments"]]
    assert choice in members
    assert any(b["state"] == "moved" for b in claim["review"])
    _press(client, claim_url, f"detach {choice}")
    claim = _twin(client, claim_url)
    members = [f"{s['source_id']}:{s['position']}" for m in claim["members"] for s in m["segments"]]
    assert choice not in members


def test_decisions_survive_adding_a_source(client: TestClient) -> None:
    url, confirmed, rejected = _confirm_and_reject(client)
    dossier_id = int(url.split("/")[2])
    response = client.post(
        f"/api/dossiers/{dossier_id}/sources",
        json={"text": THIRD, "title": "Third report", "outlet": "Harbour Gazette"},
        headers={"X-Requested-With": "tests"},
    )
    assert response.status_code == 201, response.text
    overview = _twin(client, f"/dossiers/{dossier_id}")
    assert len(overview["sources"]) == 3
    pairs = _pairs(_twin(client, url))
    assert pairs[confirmed]["review"]["state"] == "confirmed"
    assert rejected not in pairs
    audit = _twin(client, f"/dossiers/{dossier_id}/audit")
    assert [i["decision"]["status"] for i in audit["decisions"]] == ["ok", "ok"]


def test_editing_a_source_away_flags_the_decision(client: TestClient, session: Session) -> None:
    url, confirmed, _ = _confirm_and_reject(client)
    dossier_id = int(url.split("/")[2])
    source_id = int(confirmed[0].split(":")[0])
    decision = _pairs(_twin(client, url))[confirmed]["review"]["decision_id"]
    (anchor,) = [
        a
        for d in _twin(client, f"/dossiers/{dossier_id}/audit")["decisions"]
        if d["decision"]["id"] == decision
        for a in d["decision"]["anchors"]
        if a["source_id"] == source_id
    ]
    source = session.get(Source, source_id)
    assert source is not None
    edited = source.text.replace(anchor["text"], "The ministers issued no statement at all.")
    source.text, source.sha256 = edited, sources.text_sha256(edited)
    session.add(source)
    session.commit()
    audit = _page(client, f"/dossiers/{dossier_id}/audit")
    flagged = audit.select("tr.audit-row.flagged")
    assert [int(str(r["data-decision"])) for r in flagged] == [decision]
    assert "needs a second look" in texts(flagged[0], ".audit-status")[0]
    assert "no longer in the source" in texts(flagged[0], ".audit-status")[0]
    assert texts(audit, ".flag-summary") == ["⚑ 1 decision needs a second look"]
    dossier = _page(client, f"/dossiers/{dossier_id}")
    assert "1 needs a second look" in texts(dossier, ".review-section .flag")[0]
    assert len(_twin(client, f"/dossiers/{dossier_id}/audit")["decisions"]) == 2


def test_reader_sees_decisions_but_cannot_decide(client: TestClient, session: Session) -> None:
    url, _, _ = _confirm_and_reject(client)
    add_user(session, "eve", Role.editor)
    add_user(session, "rob", Role.reader)
    assert sign_in(client, "rob") == 303
    page = _page(client, url)
    assert page.select(".review-badge")
    assert not page.select("button[name=do]") and not page.select("form.link-form")
    dossier_id = int(url.split("/")[2])
    refused = client.post(
        f"/dossiers/{dossier_id}/review",
        data={"op": "verify", "a": "1:0", "csrf_token": csrf_from(client, url)},
    )
    assert refused.status_code == 403
    api = client.post(
        f"/api/dossiers/{dossier_id}/decisions",
        json={"kind": "claim", "action": "verify", "a": {"source_id": 1, "start": 0, "end": 5}},
    )
    assert api.status_code == 403 and "detail" in api.json()
    assert len(_twin(client, f"/dossiers/{dossier_id}/audit")["decisions"]) == 2


def test_editor_is_recorded_as_the_author(client: TestClient, session: Session) -> None:
    add_user(session, "eve", Role.editor)
    assert sign_in(client, "eve") == 303
    url, _, _ = _confirm_and_reject(client)
    audit = _twin(client, url.split("/compare")[0] + "/audit")
    assert {i["decision"]["author"] for i in audit["decisions"]} == {"eve"}


def test_json_api_records_and_undoes_decisions(client: TestClient) -> None:
    dossier_id, ids = _seed(client)
    api = {"X-Requested-With": "tests"}
    text = client.get(f"/sources/{ids[0]}.json").json()["text"]
    body = {
        "kind": "unique",
        "action": "verify",
        "a": {"source_id": ids[0], "start": 0, "end": text.index(" ")},
        "note": "checked against the ministry's transcript",
    }
    created = client.post(f"/api/dossiers/{dossier_id}/decisions", json=body, headers=api)
    assert created.status_code == 201, created.text
    decision = created.json()
    assert decision["status"] == "ok" and decision["anchors"][0]["text"] == text.split(" ")[0]
    bad = [
        ({**body, "action": "link"}, "cannot be 'link'"),
        ({**body, "kind": "alignment", "action": "link", "b": body["a"]}, "two different"),
        ({**body, "a": {"source_id": ids[0], "start": 0, "end": 10**7}}, "not inside"),
        ({**body, "a": {"source_id": 999999, "start": 0, "end": 3}}, "no source 999999"),
    ]
    for payload, message in bad:
        response = client.post(f"/api/dossiers/{dossier_id}/decisions", json=payload, headers=api)
        assert response.status_code == 422, payload
        assert message in response.json()["detail"]
    missing = client.post("/api/dossiers/999999/decisions", json=body, headers=api)
    assert missing.status_code == 404
    assert client.delete(f"/api/decisions/{decision['id']}", headers=api).status_code == 204
    again = client.delete(f"/api/decisions/{decision['id']}", headers=api)
    assert again.status_code == 404 and "detail" in again.json()
    schema = client.get("/openapi.json").json()
    assert "/api/dossiers/{dossier_id}/decisions" in schema["paths"]
    assert "/api/decisions/{decision_id}" in schema["paths"]
