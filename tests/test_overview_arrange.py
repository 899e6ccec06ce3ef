"""The dossier page's sources table sorts by any column (both ways, empty values last) and
its coverage matrix filters to shared claims, unique claims or one source's claims."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import DossierCreate
from app.services import dossiers
from tests.html import one, soup, texts
from tests.test_search import add


@pytest.fixture
def dossier_id(session: Session) -> int:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Valmora port"))
    assert dossier.id is not None
    texts_ = [
        (
            "The port deal was signed in Valmora on Monday. Rain fell all day.",
            "Cedar Times",
            date(2026, 5, 3),
        ),
        ("The port deal was signed in Valmora on Monday. Ministers then flew home.", "", None),
        (
            "The port deal was signed in Valmora on Monday. A ferry service will start in June.",
            "Amber Post",
            date(2026, 5, 1),
        ),
    ]
    for n, (text, outlet, published) in enumerate(texts_):
        add(session, dossier.id, text, outlet=outlet, published_date=published, title=f"R{n}")
    return dossier.id


def _column(client: TestClient, url: str, label: str) -> list[str]:
    page = soup(client.get(url).text)
    return texts(page, f'table.sources td[data-label="{label}"]')


def test_every_column_sorts_both_ways_with_empty_values_last(
    client: TestClient, dossier_id: int
) -> None:
    base = f"/dossiers/{dossier_id}"
    assert _column(client, f"{base}?by=outlet", "Outlet") == ["Amber Post", "Cedar Times", "—"]
    assert _column(client, f"{base}?by=outlet&desc=1", "Outlet") == [
        "Cedar Times",
        "Amber Post",
        "—",
    ]
    assert _column(client, f"{base}?by=published", "Published") == ["2026-05-01", "2026-05-03", "—"]
    assert _column(client, f"{base}?by=title&desc=1", "Title") == ["R2", "R1", "R0"]
    page = soup(client.get(f"{base}?by=published").text)
    headers = {t.get_text(strip=True).rstrip("▲▼ "): t for t in page.select("table.sources th")}
    assert headers["Published"]["aria-sort"] == "ascending"
    assert headers["Outlet"]["aria-sort"] == "none"
    link = one(headers["Published"], "a")["href"]
    assert "desc=1" in link and "by=published" in link, "the active column turns round"
    assert len(headers) == 7
    for header in headers.values():
        assert client.get(str(one(header, "a")["href"]).split("#")[0]).status_code == 200
    counts = [int(c) for c in _column(client, f"{base}?by=unique&desc=1", "Unique facts")]
    assert counts == sorted(counts, reverse=True)
    assert client.get(f"{base}?by=colour").status_code == 422


def test_the_matrix_filters_shared_unique_and_one_source(
    client: TestClient, dossier_id: int
) -> None:
    base = f"/dossiers/{dossier_id}.json"
    every = client.get(base).json()
    rows = every["claims"]
    assert every["claims_total"] == len(rows)
    shared = client.get(f"{base}?show=shared").json()["claims"]
    unique = client.get(f"{base}?show=unique").json()["claims"]
    assert shared and unique
    assert all(r["source_count"] >= 2 for r in shared)
    assert all(r["only_in"] for r in unique)
    assert len(shared) + len(unique) == len(rows)
    first = every["sources"][0]["source"]["id"]
    mine = client.get(f"{base}?source={first}").json()["claims"]
    assert mine and all(
        any(c["reported"] and c["source_id"] == first for c in r["cells"]) for r in mine
    )
    assert len(mine) < len(rows)
    page = soup(client.get(f"/dossiers/{dossier_id}?show=unique&source={first}").text)
    assert texts(page, ".matrix-filters .filter-link.active")[0] == "Unique only"
    assert len(page.select("table.matrix tr.claim-row")) == sum(
        1 for r in unique if any(c["reported"] and c["source_id"] == first for c in r["cells"])
    )
    # the columns stay in the dossier's order whatever the table's sort
    sorted_page = soup(client.get(f"/dossiers/{dossier_id}?by=outlet").text)
    assert texts(sorted_page, "table.matrix th.source-col") == texts(
        soup(client.get(f"/dossiers/{dossier_id}").text), "table.matrix th.source-col"
    )
