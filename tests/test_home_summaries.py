"""The home page sums only the dossiers it shows (issue 14), yet every part of its JSON twin
must say exactly what the whole-list computation said before: the same dossiers in the same
order (latest change first, the later of the dossier's and its live sources' changes), with
the same source counts, date ranges and last changes. The oracle below is that whole-list
computation, written out over every dossier and source. Texts made up."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Dossier, DossierCreate, Source
from app.services import dossiers, trash
from app.web.paging import HOME_PAGE
from tests.test_search import add

DOSSIERS = HOME_PAGE + 23


@pytest.fixture
def newsroom(session: Session, api: TestClient) -> None:
    """Dossiers with 0-2 sources, dated and undated, some trashed, some edited later."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(DOSSIERS):
        made = dossiers.create_dossier(session, DossierCreate(title=f"Talks {n:03d}"))
        assert made.id is not None
        for k in range(n % 3):
            published = date(2025, 1 + n % 12, 1 + k) if (n + k) % 4 else None
            source = add(session, made.id, f"Report {k} of talks {n}.", published_date=published)
            if n % 5 == 0:  # a source changed after its dossier: it decides the order
                source.updated_at = start + timedelta(days=n)
                session.add(source)
                session.commit()
            if n % 7 == 1 and k == 1:
                assert source.id is not None
                trash.trash_source(session, source.id)
    assert made.id is not None
    trash.trash_dossier(session, made.id)  # the last one is in the trash: not listed


def _oracle(session: Session) -> list[dict[str, Any]]:
    """Every live dossier's figures from all its rows, ordered as the home page orders them."""
    session.expire_all()
    rows = []
    for d in session.exec(select(Dossier).where(Dossier.deleted_at == None)).all():  # noqa: E711
        live = [
            s
            for s in session.exec(select(Source).where(Source.dossier_id == d.id)).all()
            if s.deleted_at is None
        ]
        dates = [s.published_date for s in live if s.published_date is not None]
        last_change = max([d.updated_at, *(s.updated_at for s in live)])
        rows.append(
            {
                "id": d.id,
                "title": d.title,
                "source_count": len(live),
                "first_date": min(dates).isoformat() if dates else None,
                "last_date": max(dates).isoformat() if dates else None,
                "last_change": last_change,
            }
        )
    return sorted(rows, key=lambda r: (-r["last_change"].timestamp(), r["id"]))


def _shown(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item["dossier"]["id"],
        "title": item["dossier"]["title"],
        "source_count": item["source_count"],
        "first_date": item["first_date"],
        "last_date": item["last_date"],
        "last_change": datetime.fromisoformat(item["last_change"].replace("Z", "+00:00")),
    }


def test_every_part_says_what_the_whole_list_says(
    api: TestClient, session: Session, newsroom: None
) -> None:
    expected = _oracle(session)
    assert len(expected) == DOSSIERS - 1 > HOME_PAGE
    seen: list[dict[str, Any]] = []
    url: str | None = "/index.json"
    while url:
        body = api.get(url).json()
        assert body["pager"]["total"] == len(expected)
        seen += [_shown(item) for item in body["dossiers"]]
        url = body["pager"]["next_url"]
    assert seen == expected
    # The HTML part shows the same dossiers and counts as its twin.
    html = api.get("/?page=2").text
    for row in expected[HOME_PAGE:]:
        assert row["title"] in html
    assert expected[0]["title"] not in html
