"""HTTP tests of the primary-coverage view, on a made-up joint statement and three reports.

The statement and the reports are written for these tests (no article text from the web): one
report quotes the statement exactly and adds commentary and background, one paraphrases and
misquotes it, one paraphrases it without quoting.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.engine import compare
from app.engine.jsonout import to_json_dict
from app.services import comparisons, coverage_views
from tests.html import one, soup, texts

PRIMARY = """Joint Statement on the Fourth Round of the Norvania–Estmark Water Dialogue

1. The Foreign Ministers of Norvania and Estmark held the fourth round of the Water Dialogue \
in Lindau on 12 March 2026.

2. The two sides agreed to establish a joint commission to monitor the flow of the Vessa \
river and to publish its findings every six months.

3. Both sides reaffirmed their commitment to the 1998 Vessa Basin Treaty and to the peaceful \
settlement of all disputes through dialogue.

4. Estmark will provide 40 million euros over five years for the modernisation of irrigation \
canals in the northern provinces of Norvania.

5. The ministers condemned all forms of pollution of shared waters and called for stricter \
penalties for industrial discharge.

6. The two sides agreed to hold the fifth round of the Dialogue in Estmark in the first half \
of 2027.
"""

EXACT = """Norvania and Estmark agreed on Thursday to set up a joint commission on the Vessa \
river, their foreign ministers said after talks in Lindau.

In a joint statement, the two sides said the commission would “monitor the flow of the Vessa \
river and to publish its findings every six months”.

Both governments “reaffirmed their commitment to the 1998 Vessa Basin Treaty”, the statement \
said.

Analysts said the deal could ease tensions that have simmered since a dry summer.

The river has long been a source of friction between the two neighbours, and talks collapsed \
in 2019.
"""

MISQUOTE = """Estmark will give 40 million euros over five years to modernise irrigation canals \
in northern Norvania, the two governments announced after water talks in Lindau.

The ministers "strongly condemned all pollution of shared rivers and called for stricter \
penalties for industrial discharge", according to the joint statement.

The fifth round of the dialogue will be held in Estmark in the first half of 2027.

A spokesman promised "free water for every farm by next spring".
"""

PARAPHRASE = """Foreign ministers from Norvania and Estmark met in Lindau on 12 March for the \
fourth round of their water dialogue.

The two countries will create a joint commission to monitor the Vessa river's flow and \
publish findings every six months.

Estmark is to provide 40 million euros over five years to modernise irrigation canals in \
northern Norvania.
"""

OUTLETS = {"EXACT": "Lindau Courier", "MISQUOTE": "Estmark Daily", "PARAPHRASE": "Vessa Wire"}


def make_dossier(client: TestClient, *, primary: bool = True, extra: str = "") -> dict[str, Any]:
    """A dossier with the statement (role primary unless told) and the three reports.

    Returns ``{"id", "url", "primary", "EXACT", "MISQUOTE", "PARAPHRASE"}`` (source ids).
    """
    made = client.post("/api/dossiers", json={"title": "Water dialogue" + extra})
    assert made.status_code == 201, made.text
    dossier_id = made.json()["id"]
    ids: dict[str, Any] = {"id": dossier_id, "url": f"/dossiers/{dossier_id}"}
    role = "primary" if primary else "report"
    items = [("primary", PRIMARY, "Joint statement", role)]
    items += [(k, globals()[k], OUTLETS[k], "report") for k in ("EXACT", "MISQUOTE", "PARAPHRASE")]
    for key, text, outlet, source_role in items:
        body = {"text": text, "outlet": outlet, "role": source_role}
        response = client.post(f"/api/dossiers/{dossier_id}/sources", json=body)
        assert response.status_code == 201, response.text
        ids[key] = response.json()["id"]
    return ids


def _get(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    return soup(response.text)


def _figures(doc: Any) -> dict[str, list[str]]:
    rows = doc.select("table.report-figures tr.figures-row")
    return {
        " ".join(one(r, "th").get_text().split()): [
            " ".join(td.get_text().split()) for td in r.select("td")
        ]
        for r in rows
    }


@pytest.fixture
def water(empty_client: TestClient) -> dict[str, Any]:
    return make_dossier(empty_client)


# ---------------------------------------------------------------- the page


def test_each_clause_is_marked_quoted_paraphrased_or_omitted_in_words(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    page = _get(empty_client, f"{water['url']}/coverage")
    assert texts(page, "h1") == ["Coverage of the primary statement"]
    assert texts(page, "a.primary-link") == ["Joint statement"]
    header = texts(page, "table.clauses th.report-col")
    assert header == ["Lindau Courier", "Estmark Daily", "Vessa Wire"]
    rows = {
        " ".join(one(r, ".clause-text").get_text().split()): texts(r, "td.carriage .carriage-mark")
        for r in page.select("table.clauses tr.clause-row")
    }
    commission = next(v for k, v in rows.items() if "joint commission" in k)
    assert commission == ["❝ quoted", "– omitted", "≈ paraphrased"]
    pollution = next(v for k, v in rows.items() if "pollution" in k)
    assert pollution[1] == "❝ quoted"  # a misquote still carries the clause
    funding = next(v for k, v in rows.items() if "40 million" in k)
    assert funding == ["– omitted", "≈ paraphrased", "≈ paraphrased"]
    # Distinct styles: every cell has a status class matching its words.
    for cell in page.select("td.carriage"):
        status = next(c for c in cell["class"] if c.startswith("status-")).removeprefix("status-")
        assert status in one(cell, ".carriage-mark").get_text()


def test_the_report_wording_is_shown_on_hover_and_expand(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    page = _get(empty_client, f"{water['url']}/coverage")
    (row,) = [r for r in page.select("tr.clause-row") if "joint commission" in r.get_text()]
    quoted = row.select("td.carriage")[0]
    wording = texts(quoted, "details.wording blockquote.wording-text")
    assert wording == [
        "monitor the flow of the Vessa river and to publish its findings every six months"
    ]
    assert quoted["title"] == wording[0]
    paraphrased = row.select("td.carriage")[2]
    assert "joint commission to monitor the Vessa river's flow" in paraphrased["title"]
    assert not row.select("td.carriage")[1].select("details")  # omitted: nothing to expand


def test_figures_per_report_and_what_each_report_adds(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    page = _get(empty_client, f"{water['url']}/coverage")
    data = empty_client.get(f"{water['url']}/coverage.json").json()
    figures = _figures(page)
    for r in data["reports"]:
        share, quoted, paraphrased, omitted, additions = figures[r["source"]["label"]]
        assert share == f"{r['share_percent']}% ({r['carried']} of {r['total']})"
        assert [quoted, paraphrased, omitted, additions] == [
            str(r[k]) for k in ("quoted", "paraphrased", "omitted", "addition_count")
        ]
        assert r["quoted"] + r["paraphrased"] + r["omitted"] == r["total"] == 6
    exact = next(r for r in data["reports"] if r["source"]["id"] == water["EXACT"])
    kinds = {a["kind"]: a for a in exact["additions"]}
    assert kinds["commentary"]["cue"] == "Analysts"
    assert kinds["background"]["cue"] == "has long"
    adds = one(page, f"#adds-{water['EXACT']}")
    assert texts(adds, ".addition .addition-kind") == ["commentary", "background"]
    assert texts(adds, ".addition mark.cue") == ["Analysts", "has long"]
    paraphrase = one(page, f"#adds-{water['PARAPHRASE']}")
    assert texts(paraphrase, "h3 .count") == ["(0)"]
    assert texts(paraphrase, ".empty") == ["Nothing beyond the primary statement."]


def test_json_twin_agrees_with_the_page(empty_client: TestClient, water: dict[str, Any]) -> None:
    response = empty_client.get(f"{water['url']}/coverage")
    assert '/coverage.json>; rel="alternate"' in response.headers["link"]
    page = soup(response.text)
    data = empty_client.get(f"{water['url']}/coverage.json").json()
    rows = page.select("table.clauses tr.clause-row")
    assert len(rows) == len(data["clauses"])
    for row, clause in zip(rows, data["clauses"], strict=True):
        assert " ".join(one(row, ".clause-text").get_text().split()).endswith(clause["text"])
        statuses = [
            next(c for c in td["class"] if c.startswith("status-")).removeprefix("status-")
            for td in row.select("td.carriage")
        ]
        assert statuses == [c["status"] for c in clause["carried"]]
        for c in clause["carried"]:
            for w in c["wording"]:
                source = next(k for k in OUTLETS if water[k] == c["source_id"])
                assert globals()[source][w["start"] : w["end"]] == w["text"]
    assert data["primary"]["id"] == water["primary"]
    assert data["help"] == ""


def test_article_markup_in_the_primary_and_reports_stays_text(empty_client: TestClient) -> None:
    made = empty_client.post("/api/dossiers", json={"title": "Markup"}).json()
    evil = "The ministers agreed <script>alert(1)</script> to meet again in <b>May</b>."
    report = "Ministers agreed to meet in May, officials said <img src=x onerror=alert(2)>."
    for text, role in ((evil, "primary"), (report, "report")):
        body = {"text": text, "role": role}
        assert (
            empty_client.post(f"/api/dossiers/{made['id']}/sources", json=body).status_code == 201
        )
    html = empty_client.get(f"/dossiers/{made['id']}/coverage").text
    page = soup(html)
    assert (
        not page.select("main script") and not page.select("main img") and not page.select("main b")
    )
    assert "<script>alert(1)</script>" in page.get_text()
    assert "&lt;script&gt;" in html


# ---------------------------------------------------------------- no primary, several


def test_without_a_primary_the_page_says_how_to_mark_one(empty_client: TestClient) -> None:
    water = make_dossier(empty_client, primary=False)
    page = _get(empty_client, f"{water['url']}/coverage")
    assert texts(page, ".no-primary h2") == ["No primary statement"]
    help_text = texts(page, ".no-primary-help")[0]
    assert "Edit details" in help_text and "Primary" in help_text
    links = [a["href"] for a in page.select("a.mark-primary-link")]
    assert f"/sources/{water['primary']}/edit" in links
    assert not page.select("table.clauses")
    data = empty_client.get(f"{water['url']}/coverage.json").json()
    assert data["primary"] is None and data["clauses"] == [] and data["help"] == help_text
    refused = empty_client.get(f"{water['url']}/coverage.json?primary={water['primary']}")
    assert refused.status_code == 422


def test_marking_a_primary_by_editing_its_role_turns_the_view_on(empty_client: TestClient) -> None:
    water = make_dossier(empty_client, primary=False)
    patched = empty_client.patch(f"/api/sources/{water['primary']}", json={"role": "primary"})
    assert patched.status_code == 200, patched.text
    data = empty_client.get(f"{water['url']}/coverage.json").json()
    assert data["primary"]["id"] == water["primary"] and len(data["clauses"]) == 6


def test_several_primaries_let_the_user_pick(empty_client: TestClient) -> None:
    water = make_dossier(empty_client)
    second = "The Ministers of Norvania and Estmark issued a joint press note in Lindau.\n"
    body = {"text": second, "outlet": "Press note", "role": "primary"}
    note = empty_client.post(f"/api/dossiers/{water['id']}/sources", json=body).json()["id"]
    page = _get(empty_client, f"{water['url']}/coverage")
    assert texts(page, ".primary-choices a") == ["Joint statement", "Press note"]
    assert texts(page, ".primary-choices a[aria-current=page]") == ["Joint statement"]
    picked = _get(empty_client, f"{water['url']}/coverage?primary={note}")
    assert texts(picked, ".primary-choices a[aria-current=page]") == ["Press note"]
    assert texts(picked, "a.primary-link") == ["Press note"]
    assert len(picked.select("tr.clause-row")) == 1
    header = texts(picked, "table.clauses th.report-col")
    assert header == ["Joint statement", "Lindau Courier", "Estmark Daily", "Vessa Wire"]
    wrong = empty_client.get(f"{water['url']}/coverage?primary={water['EXACT']}")
    assert wrong.status_code == 422
    assert empty_client.get("/dossiers/999999/coverage").status_code == 404


def test_the_dossier_page_links_the_editor_views(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    page = _get(empty_client, water["url"])
    links = {a.get_text(strip=True): a["href"] for a in page.select(".editor-links a")}
    assert links["Coverage of the primary statement"] == f"{water['url']}/coverage"
    assert links["Quote check"] == f"{water['url']}/quotes"
    for link in links.values():
        assert empty_client.get(link).status_code == 200, link


# ---------------------------------------------------------------- service and cache


def test_the_comparison_rebuilt_from_stored_json_serialises_back_identically(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    document = empty_client.get(f"{water['url']}/export.json").json()["comparison"]
    rebuilt = coverage_views.comparison_from_document(document)
    names = [s["name"] for s in document["sources"]]
    assert to_json_dict(rebuilt, names) == document
    fresh = compare([PRIMARY, EXACT, MISQUOTE, PARAPHRASE])
    assert rebuilt.alignments == tuple(
        a.__class__(a.a, a.b, round(a.score, 4), a.kind, a.diff, a.conflicts)
        for a in fresh.alignments
    )


def test_opening_the_page_again_reruns_neither_engine_nor_coverage(
    empty_client: TestClient, water: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = empty_client.get(f"{water['url']}/coverage.json").json()

    def no_engine(*args: object, **kwargs: object) -> None:
        raise AssertionError("the engine ran although nothing changed")

    calls: list[int] = []
    real = coverage_views.primary_coverage
    monkeypatch.setattr(comparisons, "compare", no_engine)
    monkeypatch.setattr(
        coverage_views, "primary_coverage", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    assert empty_client.get(f"{water['url']}/coverage.json").json() == first
    assert empty_client.get(f"{water['url']}/quotes.json").status_code == 200
    assert calls == []
    coverage_views.clear_memo()  # a new process: the stored run is reused, coverage recomputed
    assert empty_client.get(f"{water['url']}/coverage.json").json() == first
    assert calls == [1]


def test_an_edit_changes_the_coverage(
    empty_client: TestClient, water: dict[str, Any], session: Session
) -> None:
    before = empty_client.get(f"{water['url']}/coverage.json").json()
    body = {"text": "Ministers “reaffirmed their commitment to the 1998 Vessa Basin Treaty”.\n"}
    body |= {"outlet": "Late Wire", "role": "report"}
    assert empty_client.post(f"/api/dossiers/{water['id']}/sources", json=body).status_code == 201
    after = empty_client.get(f"{water['url']}/coverage.json").json()
    assert len(after["reports"]) == len(before["reports"]) + 1
    late = after["reports"][-1]
    assert (late["source"]["label"], late["quoted"]) == ("Late Wire", 1)
    assert json.dumps(after["reports"][:3]) == json.dumps(before["reports"])
