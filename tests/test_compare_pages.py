"""HTTP tests of the overview, side-by-side, claim and source pages, read by selector and text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.engine import segment_text
from app.models import DossierCreate, SourceCreate
from app.services import comparisons, dossiers, sources
from tests.html import one, soup, texts

SEED_TITLE = "China–Pakistan Foreign Ministers' Strategic Dialogue, January 2026"
LABEL_000 = "Pakistan and China on Monday urged Afghanistan to take “credible, verifiable” steps…"
LABEL_004 = "Pakistan and China have agreed to adopt a zero-tolerance policy against terrorism"
SPACE = "Pakistani astronauts at the Chinese space station"
EVIL = (
    "Officials met in Geneva on Tuesday to discuss the water treaty. "
    "A spokesman wrote <script>alert(1)</script> and <b>bold</b> in the statement."
)


def _seed(client: TestClient) -> dict[str, Any]:
    data = client.get("/index.json").json()
    (item,) = [d for d in data["dossiers"] if d["dossier"]["title"] == SEED_TITLE]
    overview: dict[str, Any] = client.get(f"{item['url']}.json").json()
    return overview


def _ids(overview: dict[str, Any]) -> dict[str, int]:
    return {s["label"]: s["source"]["id"] for s in overview["sources"]}


def _get(client: TestClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    return soup(response.text)


def _twin(client: TestClient, url: str) -> Any:
    path, _, query = url.partition("?")
    response = client.get(f"{path}.json" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response.json()


def _visible(el: Tag) -> str:
    return " ".join(el.get_text().split())


# ---------------------------------------------------------------- overview


def test_overview_sources_table_counts_claims_and_unique_facts(client: TestClient) -> None:
    overview = _seed(client)
    page = _get(client, overview["url"])
    assert texts(page, "h1") == [SEED_TITLE]
    assert texts(page, "tr.source-row a.source-link") == [LABEL_000, LABEL_004]
    assert texts(page, "tr.source-row .claim-count") == [
        str(s["claim_count"]) for s in overview["sources"]
    ]
    assert texts(page, "tr.source-row .unique-count") == [
        str(s["unique_count"]) for s in overview["sources"]
    ]
    for item in overview["sources"]:
        assert item["claim_count"] == item["shared_count"] + item["unique_count"] > 0


def test_matrix_marks_the_space_station_claim_as_only_in_004(client: TestClient) -> None:
    overview = _seed(client)
    page = _get(client, overview["url"])
    (row,) = [
        r for r in page.select("table.matrix tr.claim-row") if SPACE in str(r.select("td.cell.yes"))
    ]
    assert "single" in row["class"]
    assert texts(row, ".only-tag") == [f"only in {LABEL_004}"]
    cells = row.select("td.cell")
    assert ["yes" in c["class"] for c in cells] == [False, True]
    assert SPACE in str(cells[1]["title"])
    assert SPACE in texts(cells[1], "details .cell-text")[0]
    (data,) = [c for c in overview["claims"] if any(SPACE in x["text"] for x in c["cells"])]
    assert data["only_in"] == LABEL_004 and data["source_count"] == 1


def test_matrix_json_twin_agrees_with_the_page(client: TestClient) -> None:
    overview = _seed(client)
    page = _get(client, overview["url"])
    rows = page.select("table.matrix tr.claim-row")
    assert [one(r, ".claim-label a").get_text(strip=True) for r in rows] == [
        c["label"] for c in overview["claims"]
    ]
    assert [[("yes" in c["class"]) for c in r.select("td.cell")] for r in rows] == [
        [c["reported"] for c in claim["cells"]] for claim in overview["claims"]
    ]
    assert texts(page, "table.matrix th.source-col") == [s["label"] for s in overview["sources"]]


def test_matrix_sorts_by_coverage_or_reading_order(client: TestClient) -> None:
    url = _seed(client)["url"]
    by_coverage = _twin(client, f"{url}?sort=coverage")["claims"]
    counts = [c["source_count"] for c in by_coverage]
    assert counts == sorted(counts, reverse=True)
    by_order = _twin(client, f"{url}?sort=order")["claims"]
    assert sorted(c["claim_id"] for c in by_order) == sorted(c["claim_id"] for c in by_coverage)
    page = _get(client, f"{url}?sort=order")
    assert texts(page, ".sort-link.active") == ["in reading order"]
    assert [a["href"] for a in page.select(".sort-link")] == [
        f"{url}?sort=coverage#matrix-h",
        f"{url}?sort=order#matrix-h",
    ]
    assert client.get(f"{url}?sort=sideways").status_code == 422


def test_chart_states_its_numbers_in_text_and_in_the_json_twin(client: TestClient) -> None:
    overview = _seed(client)
    page = _get(client, overview["url"])
    desc = one(page, "svg.coverage-chart desc").get_text()
    for bar in overview["chart"]["bars"]:
        assert f"{bar['label']}: {bar['claims']} claims, {bar['shared']} shared" in desc
    hidden = page.select("table.chart-data tbody tr")
    assert [[td.get_text() for td in tr.select("td")] for tr in hidden] == [
        [str(b["claims"]), str(b["shared"]), str(b["unique"])] for b in overview["chart"]["bars"]
    ]
    bars = {b["source_id"]: b for b in overview["chart"]["bars"]}
    for item in overview["sources"]:
        bar = bars[item["source"]["id"]]
        assert (bar["shared"], bar["unique"]) == (item["shared_count"], item["unique_count"])


def test_overview_offers_to_compare_each_pair(client: TestClient) -> None:
    overview = _seed(client)
    ids = _ids(overview)
    page = _get(client, overview["url"])
    form = one(page, "form.pair-form")
    assert form["action"] == f"{overview['url']}/compare"
    assert [s["name"] for s in form.select("select")] == ["a", "b"]
    assert [a["href"] for a in page.select("a.pair-link")] == [
        f"{overview['url']}/compare?a={ids[LABEL_000]}&b={ids[LABEL_004]}"
    ]


# ---------------------------------------------------------------- side by side


def _compare_url(client: TestClient, left: str = LABEL_000, right: str = LABEL_004) -> str:
    overview = _seed(client)
    ids = _ids(overview)
    return f"{overview['url']}/compare?a={ids[left]}&b={ids[right]}"


def test_zero_tolerance_sentences_sit_in_one_aligned_row(client: TestClient) -> None:
    page = _get(client, _compare_url(client))
    rows = [
        r
        for r in page.select(".crow.row-shared")
        if any("zero-tolerance" in c.get_text() for c in r.select(".cside.left .claim"))
    ]
    assert len(rows) == 1
    (row,) = rows
    assert any("zero-tolerance" in _visible(c) for c in row.select(".cside.left .claim"))
    assert any("zero-tolerance" in _visible(c) for c in row.select(".cside.right .claim"))
    claims = row.select(".claim")
    assert {c["data-row"] for c in claims} == {row["id"]}
    assert all(c.get("tabindex") == "0" for c in claims)


def test_unaligned_sentences_are_marked_only_in_their_source(client: TestClient) -> None:
    page = _get(client, _compare_url(client))
    (row,) = [r for r in page.select(".crow") if SPACE in r.get_text()]
    assert "row-only-right" in row["class"]
    assert texts(row, ".cside.right .only-tag") == [f"only in {LABEL_004}"]
    assert texts(row, ".cside.left .absent") == [f"not in {LABEL_000}"]


def test_every_sentence_appears_once_in_reading_order(client: TestClient) -> None:
    data = _twin(client, _compare_url(client))
    for side in ("left", "right"):
        positions = [seg["position"] for row in data["rows"] for seg in row[side]]
        assert sorted(positions) == list(range(len(positions)))
    # A row may hold two sentences aligned with one partner; rows follow their first sentence.
    firsts = [row["left"][0]["position"] for row in data["rows"] if row["left"]]
    assert firsts == sorted(firsts)


def test_compare_json_twin_agrees_with_the_page(client: TestClient) -> None:
    url = _compare_url(client)
    page, data = _get(client, url), _twin(client, url)
    rows = page.select(".crow[data-row]")
    assert [r["id"] for r in rows] == [r["id"] for r in data["rows"]]
    for row, item in zip(rows, data["rows"], strict=True):
        assert [_visible(c) for c in row.select(".cside.left .claim")] == [
            " ".join(s["text"].split()) for s in item["left"]
        ]
        assert f"row-{item['kind'].replace('_', '-')}" in row["class"]
    assert texts(page, "h1") == [f"{data['left']['label']} vs {data['right']['label']}"]


def _covered_in_html(el: Tag, css: str) -> set[int]:
    """Character positions of ``el``'s text inside ``<mark>`` pieces carrying ``css``."""
    covered, pos = set(), 0
    for child in el.children:
        n = len(child.get_text())
        if isinstance(child, Tag) and css in child.get("class", []):
            covered.update(range(pos, pos + n))
        pos += n
    return covered


def test_word_differences_are_highlighted_from_engine_offsets(client: TestClient) -> None:
    url = _compare_url(client)
    page, data = _get(client, url), _twin(client, url)
    checked = 0
    for row, item in zip(page.select(".crow[data-row]"), data["rows"], strict=True):
        for side in ("left", "right"):
            for el, seg in zip(row.select(f".cside.{side} .claim"), item[side], strict=True):
                expected = {
                    i - seg["start"]
                    for m in seg["marks"]
                    if m["kind"] == "diff"
                    for i in range(m["start"], m["end"])
                }
                assert el.get_text() == seg["text"]
                assert _covered_in_html(el, "hl-diff") == expected
                checked += bool(expected)
    assert checked > 0


def _diff_words(seg: dict[str, Any]) -> set[str]:
    text, start = seg["text"], seg["start"]
    marked = [
        text[m["start"] - start : m["end"] - start] for m in seg["marks"] if m["kind"] == "diff"
    ]
    return {w.lower() for piece in marked for w in re.findall(r"\w+", piece)}


def test_worded_differently_marks_only_words_the_partner_does_not_use(
    client: TestClient, session: Session
) -> None:
    # A pair that matches in part: the diff's semantic cleanup gives one replaced run, but
    # "agriculture" and "Gwadar Port" are in both sentences and must not be highlighted.
    dossier = dossiers.create_dossier(session, DossierCreate(title="Partly alike"))
    assert dossier.id is not None
    one = _add_source(
        session,
        dossier.id,
        "The two countries agreed to expand cooperation in agriculture, minerals and Gwadar Port.",
        "one.txt",
    )
    two = _add_source(
        session,
        dossier.id,
        "Both countries said they would prioritize industry, agriculture and mining, and the "
        "development of Gwadar Port.",
        "two.txt",
    )
    data = _twin(client, f"/dossiers/{dossier.id}/compare?a={one}&b={two}")
    (row,) = [r for r in data["rows"] if r["kind"] == "shared"]
    left, right = _diff_words(row["left"][0]), _diff_words(row["right"][0])
    assert "minerals" in left and "mining" in right and "industry" in right
    assert not {"agriculture", "gwadar", "port", "countries"} & left
    assert not {"agriculture", "gwadar", "port", "countries"} & right
    claim = _twin(client, row["claim_url"])
    for member in claim["members"]:
        assert not {"agriculture", "gwadar", "port"} & _diff_words(member["segments"][0])


def test_shared_rows_highlight_some_difference_and_the_legend_explains_it(
    client: TestClient,
) -> None:
    page = _get(client, _compare_url(client))
    assert page.select(".crow.row-shared mark.hl-diff")
    assert page.select(".crow.row-shared mark.hl-unique")
    legend = one(page, ".hl-legend")
    assert {m["class"][0] for m in legend.select("mark")} == {"hl-diff", "hl-unique", "hl-conflict"}
    assert "dotted underline" in legend.get_text()


def test_swapping_sides_mirrors_the_same_rows(client: TestClient) -> None:
    forward = _twin(client, _compare_url(client))
    page = _get(client, _compare_url(client))
    swap = one(page, "a.swap-link")["href"]
    backward = _twin(client, str(swap))
    assert (backward["left"], backward["right"]) == (forward["right"], forward["left"])
    assert [(r["right"], r["left"]) for r in backward["rows"]] == [
        (r["left"], r["right"]) for r in forward["rows"]
    ]
    kinds = {"shared": "shared", "only_left": "only_right", "only_right": "only_left"}
    assert [r["kind"] for r in backward["rows"]] == [kinds[r["kind"]] for r in forward["rows"]]


@pytest.mark.parametrize(
    ("name", "kind"), [("shared", "row-shared"), ("only-left", "row-only-left")]
)
def test_filters_keep_only_matching_rows(client: TestClient, name: str, kind: str) -> None:
    url = _compare_url(client)
    all_rows = _get(client, url).select(".crow[data-row]")
    page = _get(client, f"{url}&filter={name}")
    rows = page.select(".crow[data-row]")
    assert rows and all(kind in r["class"] for r in rows)
    assert len(rows) == sum(kind in r["class"] for r in all_rows)
    assert texts(page, ".filter-link.active")[0].startswith(
        {"shared": "Shared", "only-left": "Only left"}[name]
    )


def test_comparing_a_source_with_itself_or_a_stranger_is_refused(client: TestClient) -> None:
    overview = _seed(client)
    ids = _ids(overview)
    url = f"{overview['url']}/compare"
    same = client.get(f"{url}.json?a={ids[LABEL_000]}&b={ids[LABEL_000]}")
    assert same.status_code == 422 and "two different sources" in same.json()["detail"]
    assert client.get(f"{url}?a={ids[LABEL_000]}&b=9999").status_code == 404
    assert client.get(f"{url}?filter=everything").status_code == 422


# ---------------------------------------------------------------- source and claim pages


def test_source_page_marks_each_sentence_shared_or_unique(client: TestClient) -> None:
    overview = _seed(client)
    ids = _ids(overview)
    url = f"/sources/{ids[LABEL_004]}"
    page, data = _get(client, url), _twin(client, url)
    wraps = page.select(".source-text .seg-wrap")
    assert [w["class"][1] for w in wraps] == [f"status-{s['status']}" for s in data["segments"]]
    (space,) = [w for w in wraps if SPACE in w.get_text()]
    assert "status-unique" in space["class"] and texts(space, ".status-tag") == ["only here"]
    shared = [w for w in wraps if "status-shared" in w["class"]]
    assert shared
    by_position = {s["position"]: s for s in data["segments"]}
    for wrap in shared:
        # One name per partner source, however many of its sentences align here; each
        # further sentence is a numbered link beside it.
        links = wrap.select("a.shared-with")
        assert [a.get_text() for a in links] == [LABEL_000]
        partners = by_position[int(wrap["id"][1:])]["shared_with"]
        more = wrap.select(".shared-more a")
        assert len(more) == (len(partners) if len(partners) > 1 else 0)
        hrefs = [links[0]["href"], *(a["href"] for a in more)]
        assert all(h.startswith(f"/sources/{ids[LABEL_000]}#s") for h in hrefs)
        assert {h.split("#")[1] for h in hrefs} == {f"s{p['sentence']}" for p in partners}


def test_claim_page_shows_each_sources_wording(client: TestClient) -> None:
    overview = _seed(client)
    claim = next(c for c in overview["claims"] if c["source_count"] == 2)
    page, data = _get(client, claim["url"]), _twin(client, claim["url"])
    assert texts(page, "h1") == [claim["label"]] == [data["label"]]
    assert texts(page, ".member h2") == [LABEL_000, LABEL_004]
    for member, item in zip(page.select(".member"), data["members"], strict=True):
        shown = [_visible(p).removesuffix(" in context") for p in member.select(".claim")]
        assert shown == [" ".join(s["text"].split()) for s in item["segments"]]
    assert page.select(".member mark")
    assert client.get(f"{overview['url']}/claims/9999").status_code == 404


# ---------------------------------------------------------------- escaping


def _add_source(session: Session, dossier_id: int, text: str, name: str) -> int:
    source = sources.import_source(
        session, dossier_id, SourceCreate(text=text, filename=name, title=name)
    )
    assert source.id is not None
    return source.id


def test_article_markup_is_shown_as_text_on_every_page(
    client: TestClient, session: Session
) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Water treaty"))
    assert dossier.id is not None
    plain = "Officials met in Geneva on Tuesday to discuss the water treaty. Talks will go on."
    first = _add_source(session, dossier.id, plain, "plain.txt")
    evil = _add_source(session, dossier.id, EVIL, "evil.txt")
    base = f"/dossiers/{dossier.id}"
    claims = _twin(client, base)["claims"]
    urls = [base, f"{base}/compare?a={first}&b={evil}", f"/sources/{evil}"]
    evil_claims = [c["url"] for c in claims if any("alert(1)" in x["text"] for x in c["cells"])]
    assert len(evil_claims) == 1
    urls += evil_claims
    for url in urls:
        page = _get(client, url)
        assert page.find("b") is None, url
        assert all(s.get("src") for s in page.find_all("script")), url
        assert "<script>alert(1)</script> and <b>bold</b>" in page.get_text(), url


# ---------------------------------------------------------------- conflicts


def _fake_document(texts_: list[str], names: list[str]) -> dict[str, Any]:
    """An engine document aligning the first sentences, with a date conflict inside them."""
    segs = [list(segment_text(t, n)) for n, t in enumerate(texts_)]
    a, b = segs[0][0], segs[1][0]

    def span(seg: Any, word: str) -> dict[str, Any]:
        start = texts_[seg.source].index(word, seg.start)
        return {"source": seg.source, "start": start, "end": start + len(word), "text": word}

    whole = [{"source": s.source, "start": s.start, "end": s.end, "text": s.text} for s in (a, b)]
    return {
        "engine_version": "test",
        "sources": [
            {
                "index": n,
                "name": names[n],
                "segments": [
                    {
                        "index": s.index,
                        "start": s.start,
                        "end": s.end,
                        "kind": s.kind,
                        "text": s.text,
                    }
                    for s in ss
                ],
            }
            for n, ss in enumerate(segs)
        ],
        "alignments": [{"id": 0, "a": whole[0], "b": whole[1], "score": 0.9, "kind": "equivalent"}],
        "groups": [{"id": 0, "label": "talks in Geneva", "sources": [0, 1], "members": whole}],
        "unique": [],
        "diffs": [
            {
                "alignment": 0,
                "ops": [
                    {"op": "only_a", "a": span(a, "4 May"), "b": None},
                    {"op": "only_b", "a": None, "b": span(b, "5 May")},
                ],
            }
        ],
        "conflicts": [
            {
                "alignment": 0,
                "kind": "date",
                "a": span(a, "4 May"),
                "b": span(b, "5 May"),
                "explanation": "Date differs: '4 May' vs '5 May'",
            }
        ],
    }


def test_conflicts_are_listed_linked_and_marked(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(comparisons, "run_engine", _fake_document)
    comparisons.clear_memo()
    dossier = dossiers.create_dossier(session, DossierCreate(title="Geneva talks"))
    assert dossier.id is not None
    left = _add_source(session, dossier.id, "Talks opened in Geneva on 4 May. Rain fell.", "a")
    right = _add_source(session, dossier.id, "Talks opened in Geneva on 5 May. Sun shone.", "b")
    overview = _twin(client, f"/dossiers/{dossier.id}")
    page = _get(client, f"/dossiers/{dossier.id}")
    (item,) = page.select(".conflict-item")
    assert "Date differs: '4 May' vs '5 May'" in item.get_text()
    href = str(one(item, "a.conflict-link")["href"])
    assert href == overview["conflicts"][0]["url"]
    assert href.startswith(f"/dossiers/{dossier.id}/compare?a={left}&b={right}&filter=conflicts")
    compared = _get(client, href.split("#")[0])
    (row,) = compared.select(".crow[data-row]")
    assert "has-conflict" in row["class"]
    assert texts(row, ".cside.left mark.hl-conflict") == ["4 May"]
    assert texts(row, ".cside.right mark.hl-conflict") == ["5 May"]
    assert one(row, ".conflict-note")["id"] == href.split("#")[1]
    source = _get(client, f"/sources/{right}")
    assert texts(source, ".seg-wrap.status-conflict mark.hl-conflict") == ["5 May"]


def test_openapi_documents_the_comparison_twins_with_their_models(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    expected = {
        "/dossiers/{dossier_id}.json": "ArrangedOverview",
        "/dossiers/{dossier_id}/compare.json": "CompareView",
        "/dossiers/{dossier_id}/claims/{claim_id}.json": "ClaimView",
        "/sources/{source_id}.json": "SourcePageView",
    }
    for path, model in expected.items():
        content = paths[path]["get"]["responses"]["200"]["content"]["application/json"]
        assert content["schema"]["$ref"].endswith(f"/{model}"), path


WIRE = (
    "Ministers agree on water treaty\n"
    "By our correspondent\n"
    "GENEVA, Jan 5 (APP): Officials met in Geneva on Tuesday to discuss the water treaty.\n"
    "Photo: The officials shake hands in Geneva. \u2014 APP\n"
    "More to come\n"
)


def test_source_page_shows_article_furniture_dimmed_and_not_as_a_claim(
    client: TestClient, session: Session
) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Furniture"))
    assert dossier.id is not None
    _add_source(session, dossier.id, EVIL, "plain.txt")
    wire = _add_source(session, dossier.id, WIRE, "wire.txt")
    page = _get(client, f"/sources/{wire}")
    kinds = {
        cls.removeprefix("segment-"): p.get_text()
        for p in page.select(".source-text p.segment")
        for cls in p["class"]
        if cls.startswith("segment-") and cls != "segment"
    }
    assert kinds["byline"] == "By our correspondent"
    assert kinds["dateline"] == "GENEVA, Jan 5 (APP):"
    assert kinds["credit"] == "\u2014 APP"
    assert kinds["boilerplate"] == "More to come"
    assert kinds["sentence"].startswith("Officials met in Geneva")
    furniture = [w for w in page.select(".seg-wrap") if "By our correspondent" in w.get_text()]
    assert texts(furniture[0], ".status-tag") == ["article furniture"]
    assert "status-furniture" in furniture[0]["class"]
    data = _twin(client, f"/sources/{wire}")
    statuses = {seg["text"]: seg["status"] for seg in data["segments"]}
    furniture_texts = ["By our correspondent", "GENEVA, Jan 5 (APP):", "\u2014 APP", "More to come"]
    assert [statuses[t] for t in furniture_texts] == ["furniture"] * 4
    # "only in this source" counts facts, not the byline and the credit line
    assert data["counts"]["unique"] == sum(s == "unique" for s in statuses.values())
    assert data["counts"]["furniture"] == sum(s == "furniture" for s in statuses.values()) >= 4
    assert "article furniture" in one(page, ".seg-legend").get_text()
    css = client.get("/static/style.css").text
    assert ".source-text .segment-byline" in css and "opacity" in css


def test_side_by_side_sets_furniture_apart_from_claims_only_one_source_reports(
    client: TestClient, session: Session
) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Furniture side by side"))
    assert dossier.id is not None
    plain = _add_source(session, dossier.id, EVIL, "plain.txt")
    wire = _add_source(session, dossier.id, WIRE, "wire.txt")
    url = f"/dossiers/{dossier.id}/compare?a={plain}&b={wire}"
    data = _twin(client, url)
    furniture = [r for r in data["rows"] if r["furniture"]]
    texts_of = {seg["text"] for r in furniture for seg in r["left"] + r["right"]}
    assert {"By our correspondent", "GENEVA, Jan 5 (APP):", "More to come"} <= texts_of
    claims = [r for r in data["rows"] if not r["furniture"]]
    assert not any("By our correspondent" in seg["text"] for r in claims for seg in r["right"])
    counts = {f["name"]: f["count"] for f in data["filters"]}
    only_right = [r for r in claims if r["kind"] == "only_right"]
    assert counts["only-right"] == len(only_right)
    assert counts["all"] == len(data["rows"])
    listed = _twin(client, url + "&filter=only-right")["rows"]
    # Before, the byline, dateline and boilerplate were listed here as claims of the wire.
    assert [r["id"] for r in listed] == [r["id"] for r in only_right]
    page = _get(client, url)
    for row in page.select(".crow.row-furniture"):
        assert texts(row, ".furniture-tag") and not row.select(".only-tag"), row.get_text()
    assert page.select(".crow.row-furniture")


def test_overview_lists_a_repeated_discrepancy_once(client: TestClient, session: Session) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Repeated date"))
    assert dossier.id is not None
    _add_source(
        session,
        dossier.id,
        "The ministers met in Beijing on 4 January. On 4 January the ministers met in Beijing.",
        "twice.txt",
    )
    _add_source(session, dossier.id, "The ministers met in Beijing on 6 January.", "once.txt")
    data = _twin(client, f"/dossiers/{dossier.id}")
    assert [c["kind"] for c in data["conflicts"]] == ["date"]
    page = _get(client, f"/dossiers/{dossier.id}")
    assert page.get_text().count("Date differs") == 1
