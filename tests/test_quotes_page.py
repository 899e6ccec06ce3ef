"""HTTP tests of the quote check: exact quotes, a misquote with its differences marked on both
sides (server-side, escaped), and an unverifiable quote that is never called false."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.html import one, soup, texts
from tests.test_coverage_page import EXACT, MISQUOTE, PRIMARY, make_dossier


@pytest.fixture
def water(empty_client: TestClient) -> dict[str, Any]:
    return make_dossier(empty_client)


def _page(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    return soup(response.text)


def _report(page: Any, source_id: int) -> Any:
    return one(page, f"section.quote-report[data-source='{source_id}']")


def test_exact_quotes_are_marked_exact(empty_client: TestClient, water: dict[str, Any]) -> None:
    page = _page(empty_client, f"/dossiers/{water['id']}/quotes")
    assert texts(page, "h1") == ["Quote check"]
    section = _report(page, water["EXACT"])
    assert texts(section, ".quote-counts") == ["2 exact, 0 misquotes, 0 unverifiable"]
    assert texts(section, ".quote-item .quote-status") == ["✓ exact quote", "✓ exact quote"]
    assert texts(section, ".quote-item .quote-text") == [
        "monitor the flow of the Vessa river and to publish its findings every six months",
        "reaffirmed their commitment to the 1998 Vessa Basin Treaty",
    ]
    assert not section.select("mark.q-diff")
    assert texts(section, ".primary-side .primary-text") == texts(section, ".quote-text")


def test_a_misquote_shows_the_differing_words_on_both_sides(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    page = _page(empty_client, f"/dossiers/{water['id']}/quotes")
    section = _report(page, water["MISQUOTE"])
    (item,) = section.select(".quote-item.status-misquote")
    assert texts(item, ".quote-status") == ["≠ misquote"]
    report_marks = texts(item, ".report-side mark.q-diff")
    primary_marks = texts(item, ".primary-side mark.q-diff")
    assert "strongly" in report_marks and "rivers" in report_marks
    assert "forms of" in primary_marks and "waters" in primary_marks
    # The words themselves are unchanged by the highlighting.
    assert one(item, ".quote-text").get_text() in MISQUOTE
    assert one(item, ".primary-text").get_text() in PRIMARY
    assert texts(item, ".quote-diffs li")[0] == "the quote has strongly ; the primary has ministers"


def test_a_quote_not_in_the_primary_is_unverifiable_never_false(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    page = _page(empty_client, f"/dossiers/{water['id']}/quotes")
    section = _report(page, water["MISQUOTE"])
    (item,) = section.select(".quote-item.status-unverifiable")
    assert texts(item, ".quote-status") == ["? unverifiable"]
    assert texts(item, ".quote-text") == ["free water for every farm by next spring"]
    assert texts(item, ".not-found") == ["Not found in Joint statement."]
    assert not item.select(".primary-side")
    assert "false" not in page.get_text().lower().replace("does not make it false", "")
    assert texts(section, ".quote-counts") == ["0 exact, 1 misquote, 1 unverifiable"]
    paraphrase = _report(page, water["PARAPHRASE"])
    assert texts(paraphrase, ".empty") == ["No quotation marks in this report."]


def test_json_twin_agrees_with_the_page_and_offsets_index_the_texts(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    url = f"/dossiers/{water['id']}/quotes"
    response = empty_client.get(url)
    assert '/quotes.json>; rel="alternate"' in response.headers["link"]
    page = soup(response.text)
    data = empty_client.get(f"{url}.json").json()
    text_of = {water["EXACT"]: EXACT, water["MISQUOTE"]: MISQUOTE}
    assert [r["source"]["label"] for r in data["reports"]] == [
        "Lindau Courier",
        "Estmark Daily",
        "Vessa Wire",
    ]
    for r in data["reports"]:
        section = _report(page, r["source"]["id"])
        statuses = [
            next(c for c in li["class"] if c.startswith("status-")).removeprefix("status-")
            for li in section.select(".quote-item")
        ]
        assert statuses == [q["status"] for q in r["quotes"]]
        for q in r["quotes"]:
            report_text = text_of[r["source"]["id"]]
            assert report_text[q["quote"]["start"] : q["quote"]["end"]] == q["quote"]["text"]
            if q["primary"]:
                assert PRIMARY[q["primary"]["start"] : q["primary"]["end"]] == q["primary"]["text"]
            for d in q["differences"]:
                if d["report"]:
                    assert (
                        report_text[d["report"]["start"] : d["report"]["end"]]
                        == d["report"]["text"]
                    )
                if d["primary"]:
                    assert (
                        PRIMARY[d["primary"]["start"] : d["primary"]["end"]] == d["primary"]["text"]
                    )
    assert data["coverage_url"] == f"/dossiers/{water['id']}/coverage?primary={water['primary']}"


def test_quoted_markup_is_escaped_on_both_sides(empty_client: TestClient) -> None:
    made = empty_client.post("/api/dossiers", json={"title": "Markup quotes"}).json()
    primary = "The envoys agreed that <b>all</b> ports <script>x()</script> reopen on Monday.\n"
    report = 'The envoys said "<b>all</b> harbours <script>x()</script> reopen on Monday".\n'
    for text, role in ((primary, "primary"), (report, "report")):
        body = {"text": text, "role": role}
        assert (
            empty_client.post(f"/api/dossiers/{made['id']}/sources", json=body).status_code == 201
        )
    html = empty_client.get(f"/dossiers/{made['id']}/quotes").text
    page = soup(html)
    assert not page.select("main script") and not page.select("main b")
    (item,) = page.select(".quote-item")
    assert "<script>x()</script>" in one(item, ".quote-text").get_text()
    assert "&lt;script&gt;" in html
    assert "status-misquote" in item["class"]
    assert texts(item, ".report-side mark.q-diff") == ["harbours"]
    assert texts(item, ".primary-side mark.q-diff") == ["ports"]
    assert texts(item, ".quote-diffs li") == ["the quote has harbours ; the primary has ports"]


def test_without_a_primary_the_quote_check_says_how_to_mark_one(empty_client: TestClient) -> None:
    water = make_dossier(empty_client, primary=False)
    page = _page(empty_client, f"/dossiers/{water['id']}/quotes")
    assert texts(page, ".no-primary h2") == ["No primary statement"]
    assert not page.select(".quote-report")
    # Each source can be opened to mark it primary, from this page.
    links = [a["href"] for a in page.select("a.mark-primary-link")]
    assert f"/sources/{water['primary']}/edit" in links
    data = empty_client.get(f"/dossiers/{water['id']}/quotes.json").json()
    assert data["primary"] is None and data["reports"] == []
    assert len(data["sources"]) == len(links) >= 2


def test_openapi_documents_the_editor_twins_and_exports(empty_client: TestClient) -> None:
    schema = empty_client.get("/openapi.json").json()
    paths = schema["paths"]
    for twin, model in (
        ("/dossiers/{dossier_id}/coverage.json", "CoverageView"),
        ("/dossiers/{dossier_id}/quotes.json", "QuotesView"),
    ):
        ok = paths[twin]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok["$ref"].endswith(f"/{model}"), twin
        names = [p["name"] for p in paths[twin]["get"]["parameters"]]
        assert names == ["dossier_id", "primary"]
    for export, media in (
        ("json", "application/json"),
        ("csv", "text/csv"),
        ("md", "text/markdown"),
    ):
        path = f"/dossiers/{{dossier_id}}/export.{export}"
        assert media in paths[path]["get"]["responses"]["200"]["content"], path
