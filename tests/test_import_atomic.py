"""An import stores a source and all its segments in one transaction, or nothing: the
segments go in as one batch of rows, and a failure in that batch leaves no source behind."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from app.models import DossierCreate, Segment, Source, SourceCreate
from app.services import comparisons, dossiers, sources


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


def test_the_comparison_key_from_stored_digests_is_the_one_from_the_texts(
    session: Session,
) -> None:
    # After an import the job is keyed without loading the texts: it must be the same key.
    dossier = dossiers.create_dossier(session, DossierCreate(title="Talks"))
    assert dossier.id is not None
    for text in ("First report. It rained.", "Second report. It was sunny.", "Third one."):
        sources.import_source(session, dossier.id, SourceCreate(text=text))
    listed = sources.list_sources(session, dossier.id)
    assert len(listed) == 3
    from_texts = comparisons.input_hash(listed)
    assert comparisons.hash_of_digests(sources.text_digests(session, dossier.id)) == from_texts
