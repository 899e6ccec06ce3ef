"""Reviewing pair by pair and regrouping claims over HTTP: each aligned pair has its own
controls naming both sentences; sentences name their own partners; wording differences are
off unless asked for; split and merge are one decision each and survive a recomputation."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.html import one, soup
from tests.test_review import THIRD, _compare_url, _page, _pairs, _seed, _twin


def _members(claim: dict[str, Any]) -> set[str]:
    return {f"{s['source_id']}:{s['position']}" for m in claim["members"] for s in m["segments"]}


def _claim_of(client: TestClient, dossier_id: int, ref: str) -> dict[str, Any]:
    overview = _twin(client, f"/dossiers/{dossier_id}")
    for row in overview["claims"]:
        claim = _twin(client, row["url"])
        if ref in _members(claim):
            return claim
    raise AssertionError(f"no claim holds {ref}")


def _post_form(client: TestClient, form: Any, **fields: str) -> Any:
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    return client.post(str(form["action"]), data={**data, **fields}, follow_redirects=False)


def test_every_pair_has_its_own_controls_naming_both_sentences(client: TestClient) -> None:
    dossier_id, ids = _seed(client)
    url = _compare_url(dossier_id, ids)
    view = _twin(client, url)
    page = _page(client, url)
    buttons = page.select("button.review-btn.confirm")
    assert len(buttons) == len(_pairs(view)) >= 2
    names = [str(b["aria-label"]) for b in buttons]
    assert len(set(names)) == len(names), "no two confirm buttons share a name"
    for (left, right), pair in _pairs(view).items():
        (button,) = page.select(f'button.confirm[value="confirm {left} {right}"]')
        assert pair["left_text"] in button["aria-label"]
        assert pair["right_text"] in button["aria-label"]


def test_confirming_one_pair_of_a_row_confirms_only_it_and_returns_to_the_row(
    client: TestClient,
) -> None:
    dossier_id, ids = _seed(client)
    url = _compare_url(dossier_id, ids)
    page = _page(client, url)
    row = next(r for r in page.select(".crow.row-shared") if r.select("button.confirm"))
    button = row.select("button.confirm")[0]
    form = one(page, "form#review-form")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    response = client.post(
        str(button["formaction"]), data={**data, "do": button["value"]}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"#{row['id']}")
    _, left, right = str(button["value"]).split()
    states = {k: (p["review"] or {}).get("state") for k, p in _pairs(_twin(client, url)).items()}
    assert states.pop((left, right)) == "confirmed"
    assert set(states.values()) == {None}


def test_a_sentence_names_exactly_its_own_partners(client: TestClient) -> None:
    dossier_id, ids = _seed(client)
    url = _compare_url(dossier_id, ids)
    pairs = list(_pairs(_twin(client, url)))
    page = _page(client, url)
    for claim in page.select(".crow .claim[data-seg]"):
        me = claim["data-seg"]
        expected = {r for pair in pairs if me in pair for r in pair if r != me}
        assert set(str(claim["data-partners"]).split()) == expected, me


def test_wording_differences_are_off_unless_switched_on(client: TestClient) -> None:
    dossier_id, ids = _seed(client)
    url = _compare_url(dossier_id, ids)
    page = _page(client, url)
    assert "show-wording" not in one(page, ".wording-scope")["class"]
    assert not one(page, "#show-wording").has_attr("checked")
    page = _page(client, url + "&wording=1")
    assert "show-wording" in one(page, ".wording-scope")["class"]
    assert one(page, "#show-wording").has_attr("checked")


def _a_claim_with_two_members(client: TestClient, dossier_id: int) -> dict[str, Any]:
    overview = _twin(client, f"/dossiers/{dossier_id}")
    for row in overview["claims"]:
        claim = _twin(client, row["url"])
        if len(_members(claim)) >= 2:
            return claim
    raise AssertionError("the seed dossier has a claim reported twice")


def test_split_a_claim_in_one_action_that_survives_a_new_source(client: TestClient) -> None:
    dossier_id, _ = _seed(client)
    claim = _a_claim_with_two_members(client, dossier_id)
    form = one(_page(client, claim["url"]), "form.split-form")
    keep = str(form.select("select[name=a] option[selected]")[0]["value"])
    off = str(form.select("select[name=b] option[selected]")[0]["value"])
    assert keep != off
    response = _post_form(client, form, a=keep, b=off, note="two different pledges")
    assert response.status_code == 303
    assert keep in _members(_twin(client, response.headers["location"]))
    assert off not in _members(_claim_of(client, dossier_id, keep))
    badges = [b["state"] for b in _claim_of(client, dossier_id, off)["review"]]
    assert "split" in badges
    # a third source makes the engine recompute: the split stays
    response = client.post(
        f"/api/dossiers/{dossier_id}/sources",
        json={"text": THIRD, "title": "Third report", "outlet": "Harbour Gazette"},
        headers={"X-Requested-With": "tests"},
    )
    assert response.status_code == 201
    assert off not in _members(_claim_of(client, dossier_id, keep))


def test_merge_two_claims_and_undo_it(client: TestClient) -> None:
    dossier_id, _ = _seed(client)
    overview = _twin(client, f"/dossiers/{dossier_id}")
    first = _twin(client, overview["claims"][0]["url"])
    form = one(_page(client, first["url"]), "form.merge-form")
    other = str(form.select("select[name=b] option")[-1]["value"])
    before = _members(first) | _members(_claim_of(client, dossier_id, other))
    response = _post_form(client, form, b=other)
    assert response.status_code == 303
    merged = _twin(client, response.headers["location"])
    assert _members(merged) == before
    assert [b["state"] for b in merged["review"]].count("merged") == 1
    undo = next(b for b in merged["review"] if b["state"] == "merged")
    assert client.delete(f"/api/decisions/{undo['decision_id']}").status_code == 204
    assert other not in _members(_claim_of(client, dossier_id, next(iter(_members(first)))))


def test_split_of_sentences_in_two_claims_is_refused_and_stores_nothing(
    client: TestClient,
) -> None:
    dossier_id, _ = _seed(client)
    overview = _twin(client, f"/dossiers/{dossier_id}")
    first = _twin(client, overview["claims"][0]["url"])
    second = _twin(client, overview["claims"][1]["url"])
    form = one(_page(client, first["url"]), "form.merge-form")
    a, b = sorted(_members(first))[0], sorted(_members(second))[0]
    response = _post_form(client, form, op="split", a=a, b=b)
    assert response.status_code == 422
    assert "choose two different sentences of that claim" in soup(response.text).get_text()
    assert _twin(client, f"/dossiers/{dossier_id}/audit")["decisions"] == []
