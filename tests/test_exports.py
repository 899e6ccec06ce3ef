"""Exports of a dossier (JSON, CSV, Markdown, printable report): content, safety, determinism;
and claim groups in search (indexed whenever a comparison run is stored)."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.services import comparisons, coverage_views
from app.settings import Settings
from app.web import page_memo
from app.web.app import create_app
from tests.html import one, soup, texts
from tests.test_coverage_page import MISQUOTE, make_dossier

EXPORTS = ("export.json", "export.csv", "export.md", "report")
EVIL_REPORT = (
    '=HYPERLINK("http://evil.example") was typed into the minutes, officials said.\n\n'
    "A clerk pasted <script>alert('x')</script> and *stars* into the [draft](http://x).\n"
)


@pytest.fixture
def water(empty_client: TestClient) -> dict[str, Any]:
    return make_dossier(empty_client)


def _evil(client: TestClient, water: dict[str, Any]) -> int:
    body = {"text": EVIL_REPORT, "outlet": "@Evil <b>Wire</b>", "role": "report"}
    response = client.post(f"/api/dossiers/{water['id']}/sources", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _decide(client: TestClient, water: dict[str, Any]) -> dict[str, Any]:
    start = MISQUOTE.index("The ministers")
    end = MISQUOTE.index("statement.") + len("statement.")
    span = {"source_id": water["MISQUOTE"], "start": start, "end": end}
    body = {"kind": "claim", "action": "dispute", "a": span, "note": "Check the wording"}
    response = client.post(f"/api/dossiers/{water['id']}/decisions", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


# ---------------------------------------------------------------- JSON


def test_json_export_holds_the_comparison_and_the_decisions(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    decision = _decide(empty_client, water)
    response = empty_client.get(f"{water['url']}/export.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="dossier-{water["id"]}-water-dialogue.json"'
    data = response.json()
    assert data["format"] == "communique.dossier-export" and data["format_version"] == 1
    assert [s["id"] for s in data["sources"]] == [
        water[k] for k in ("primary", "EXACT", "MISQUOTE", "PARAPHRASE")
    ]
    assert [s["role"] for s in data["sources"]] == ["primary", "report", "report", "report"]
    comparison = data["comparison"]
    assert set(comparison) == {
        "engine_version",
        "sources",
        "alignments",
        "groups",
        "unique",
        "diffs",
        "conflicts",
        "warnings",
        "discrepancies",
    }
    assert [s["name"] for s in comparison["sources"]] == [s["label"] for s in data["sources"]]
    assert comparison["groups"], "the reports share claims with the statement"
    (exported,) = data["decisions"]
    assert exported["id"] == decision["id"]
    assert (exported["kind"], exported["action"], exported["note"]) == (
        "claim",
        "dispute",
        "Check the wording",
    )
    assert exported["anchors"][0]["text"].startswith("The ministers")


def test_json_export_escapes_markup_but_keeps_the_text(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    _evil(empty_client, water)
    raw = empty_client.get(f"{water['url']}/export.json").content
    assert b"<script>" not in raw and b"<b>" not in raw
    assert b"\\u003cscript\\u003e" in raw
    data = json.loads(raw)
    assert "@Evil <b>Wire</b>" in [s["outlet"] for s in data["sources"]]
    assert any("<script>alert('x')</script>" in s["text"] for s in data["comparison"]["unique"])


# ---------------------------------------------------------------- CSV


def _csv(client: TestClient, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].endswith('.csv"')
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))


META_ROWS = ["source id", "outlet", "title", "published", "author", "url", "role", "language"]


def _claim_rows(rows: list[list[str]]) -> list[list[str]]:
    return [r for r in rows[1:] if r[0] == "claim"]


def test_csv_is_the_matrix_in_words_with_the_sources_metadata(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    rows = _csv(empty_client, f"{water['url']}/export.csv")
    overview = empty_client.get(f"{water['url']}.json").json()
    header = rows[0]
    labels = [s["label"] for s in overview["sources"]]
    assert header == ["row", "claim", "sources", "review", *labels]
    assert all(len(r) == len(header) for r in rows)
    meta = {r[0]: r[4:] for r in rows[1:] if r[0] != "claim"}
    assert list(meta)[: len(META_ROWS)] == META_ROWS
    assert meta["source id"] == [str(s["source"]["id"]) for s in overview["sources"]]
    assert meta["outlet"] == [s["source"]["outlet"] for s in overview["sources"]]
    assert meta["published"] == [s["source"]["published_date"] or "" for s in overview["sources"]]
    claims = sorted(overview["claims"], key=lambda c: c["claim_id"])
    body = _claim_rows(rows)
    assert len(body) == len(claims)
    for row, claim in zip(body, claims, strict=True):
        assert row[1] == claim["label"] and int(row[2]) == claim["source_count"]
        assert row[3] == ""
        assert [bool(cell) for cell in row[4:]] == [c["reported"] for c in claim["cells"]]
        for cell, c in zip(row[4:], claim["cells"], strict=True):
            if c["reported"]:  # the sentence the matrix shows comes first, in full
                assert cell.split("\n")[0] == c["text"]
                assert not re.fullmatch(r"(s\d+ ?)+", cell), "sentences, not segment ids"


def test_csv_shows_an_editors_verdict_on_a_claim(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    _decide(empty_client, water)  # disputes Estmark Daily's sentence on pollution
    rows = _csv(empty_client, f"{water['url']}/export.csv")
    ids = next(r for r in rows if r[0] == "source id")
    column = ids.index(str(water["MISQUOTE"]))
    disputed = [r for r in _claim_rows(rows) if r[3] == "disputed"]
    assert len(disputed) == 1
    assert "penalties" in disputed[0][1] and disputed[0][column]


def test_csv_cells_cannot_run_as_spreadsheet_formulas(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    _evil(empty_client, water)
    rows = _csv(empty_client, f"{water['url']}/export.csv")
    assert "'@Evil <b>Wire</b>" in rows[0]
    labels = [r[1] for r in _claim_rows(rows)]
    assert any(label.startswith("'=HYPERLINK") for label in labels)
    for cell in (c for r in rows for c in r):
        assert not cell.startswith(("=", "+", "-", "@")), cell


# ---------------------------------------------------------------- Markdown and HTML report


def test_markdown_report_has_every_section_and_escapes_article_text(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    _decide(empty_client, water)
    _evil(empty_client, water)
    response = empty_client.get(f"{water['url']}/export.md")
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.headers["content-disposition"].endswith('-water-dialogue.md"')
    text = response.text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Sources",
        "## Shared claims",
        "## Unique facts per source",
        "## Conflicts",
        "## Coverage of the primary statement",
        "## Review decisions",
    ]
    assert "<script>" not in text and "<b>" not in text
    assert "\\<script\\>alert('x')\\</script\\>" in text
    assert "\\*stars\\*" in text and "\\[draft\\](http://x)" in text
    # six clauses: the statement's title is a heading, not a claim
    assert "| Lindau Courier | 33% (2 of 6) | 2 | 0 | 4 | 2 |" in text
    assert "Estmark Daily, misquote: “strongly condemned" in text
    assert "Estmark Daily, unverifiable: “free water for every farm by next spring”" in text
    assert "claim dispute by local user" in text and "note: Check the wording" in text


def test_printable_report_keeps_script_tags_as_text(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    _evil(empty_client, water)
    _decide(empty_client, water)
    response = empty_client.get(f"{water['url']}/report")
    assert response.status_code == 200
    assert '/export.json>; rel="alternate"' in response.headers["link"]
    page = soup(response.text)
    assert not page.select("main script") and not page.select("main b")
    report = one(page, "article.report")
    assert "<script>alert('x')</script>" in report.get_text()
    assert texts(report, "h2")[:2] == ["Sources (5)", "Shared claims (6)"]
    assert texts(report, ".report-source-label")[-1] == "@Evil <b>Wire</b>"
    assert texts(report, ".report-primary") == ["Joint statement"]
    assert texts(report, ".report-decision strong") == ["claim: dispute"]
    assert texts(report, ".report-decision .decision-note") == ["Note: Check the wording"]
    css = empty_client.get("/static/style.css").text
    assert "body.report-page main { max-width: none; padding: 0; }" in css  # print layout
    assert not page.select("header.site, form")  # standalone: no site chrome, no tokens


def test_without_a_primary_the_reports_say_so(empty_client: TestClient) -> None:
    water = make_dossier(empty_client, primary=False)
    text = empty_client.get(f"{water['url']}/export.md").text
    assert "No source is marked as the primary statement." in text
    page = soup(empty_client.get(f"{water['url']}/report").text)
    assert "No source is marked as the primary statement." in page.get_text()


def test_exports_of_an_unknown_dossier_are_404(empty_client: TestClient) -> None:
    for name in EXPORTS:
        assert empty_client.get(f"/dossiers/999999/{name}").status_code == 404, name


# ---------------------------------------------------------------- determinism


def _all(client: TestClient, url: str) -> dict[str, bytes]:
    return {name: client.get(f"{url}/{name}").content for name in EXPORTS}


def test_exports_are_byte_identical_twice_and_after_a_restart(
    empty_client: TestClient, water: dict[str, Any], settings: Settings
) -> None:
    _decide(empty_client, water)
    first = _all(empty_client, water["url"])
    assert _all(empty_client, water["url"]) == first
    comparisons.clear_memo()
    coverage_views.clear_memo()
    page_memo.clear()
    restarted = create_app(settings.model_copy(update={"load_seeds": False}))
    with TestClient(restarted) as again:
        assert _all(again, water["url"]) == first


def test_the_dossier_page_links_every_export(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    page = soup(empty_client.get(water["url"]).text)
    hrefs = [a["href"] for a in page.select(".editor-links a")]
    for name in EXPORTS:
        assert f"{water['url']}/{name}" in hrefs, name


# ---------------------------------------------------------------- claim groups in search


def _claim_hits(client: TestClient, query: str, dossier_id: int) -> list[dict[str, Any]]:
    data = client.get("/search.json", params={"q": query, "dossier": dossier_id}).json()
    return [h for h in data["hits"] if h["kind"] == "claim"]


def test_search_finds_claim_groups_once_the_comparison_is_stored(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    groups = empty_client.get(f"{water['url']}/export.json").json()["comparison"]["groups"]
    label = next(g for g in groups if "penalties" in g["label"])
    hits = _claim_hits(empty_client, "stricter penalties", water["id"])
    assert [h["id"] for h in hits] == [label["id"]]
    assert hits[0]["url"] == f"{water['url']}#claim-{label['id']}"
    assert any(part["hit"] for part in hits[0]["snippet"])


def test_claim_index_follows_the_latest_run(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    empty_client.get(water["url"])
    assert _claim_hits(empty_client, "stricter penalties", water["id"])
    deleted = empty_client.delete(f"/api/sources/{water['MISQUOTE']}")
    assert deleted.status_code == 204, deleted.text
    empty_client.get(water["url"])  # the next view stores a new run and re-indexes its claims
    assert _claim_hits(empty_client, "stricter penalties", water["id"]) == []


def test_report_lists_a_sentence_no_other_source_reports_once_with_its_details(
    empty_client: TestClient, water: dict[str, Any]
) -> None:
    page = soup(empty_client.get(f"{water['url']}/report").text)
    lines = texts(page, "ul.report-unique li")
    analysts = [line for line in lines if "Analysts said the deal" in line]
    assert len(analysts) == 1, lines
    assert "no other source reports this; its details:" in analysts[0]
    details = analysts[0].split("its details:")[1]
    assert "ease tensions that have simmered since a dry summer" in details
    # no line is a bare fragment of that sentence
    assert not [line for line in lines if line.startswith("“ease tensions")]
