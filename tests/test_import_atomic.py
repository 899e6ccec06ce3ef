"""An import stores a source and all its segments in one transaction, or nothing: the
segments go in as one batch of rows, and a failure in that batch leaves no source behind."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from app.models import DossierCreate, Segment, Source, SourceCreate
from app.services import dossiers, sources


def _count(session: Session, model: Any) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_every_segment_of_an_import_is_stored_with_its_offsets(session: Session) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Talks"))
    assert dossier.id is not None
    text = "The envoy arrived on Monday. She met the mayor. They signed two accords."
    source = sources.import_source(session, dossier.id, SourceCreate(text=text))
    assert source.id is not None
    stored = sources.list_segments(session, source.id)
    assert [text[s.start : s.end] for s in stored] == [
        "The envoy arrived on Monday.",
        "She met the mayor.",
        "They signed two accords.",
    ]
    assert [s.position for s in stored] == [0, 1, 2]


def test_a_failure_while_storing_segments_writes_nothing(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Talks"))
    assert dossier.id is not None
    before = _count(session, Source), _count(session, Segment)
    real = sources.segment_text

    def with_a_clash(text: str) -> list[Any]:
        found = list(real(text))
        return [*found, found[-1]]  # the last position twice: the unique index refuses it

    monkeypatch.setattr(sources, "segment_text", with_a_clash)
    with pytest.raises(IntegrityError):
        sources.import_source(session, dossier.id, SourceCreate(text="One claim. Another one."))
    assert (_count(session, Source), _count(session, Segment)) == before
