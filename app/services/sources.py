"""Sources: import (validated, deduplicated, segmented, all in one transaction), lookup."""

from __future__ import annotations

import hashlib

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.engine.segment import segment_text
from app.ingest import IngestError, require_text
from app.models import Dossier, Segment, SegmentKind, Source, SourceCreate, SourcePublic
from app.services import dossiers
from app.services.errors import DuplicateSource, InvalidInput, NotFound


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def describe(source: Source) -> str:
    label = source.title or source.filename or "untitled"
    return f"source {source.id} ({label})"


def find_duplicate(session: Session, dossier_id: int, sha256: str) -> Source | None:
    """The source with this text in the dossier, trashed ones included (the hash is unique)."""
    return session.exec(
        select(Source).where(Source.dossier_id == dossier_id, Source.sha256 == sha256)
    ).first()


def duplicate_message(existing: Source) -> str:
    if existing.deleted_at is not None:
        return (
            f"This text is in the dossier's trash as {describe(existing)}; "
            "restore it from /trash instead of importing it again."
        )
    return f"This text is already in the dossier as {describe(existing)}."


def stage_source(session: Session, dossier: Dossier, data: SourceCreate) -> Source:
    """Add a source and its segments to the session without committing.

    Raises :class:`InvalidInput` for empty text and :class:`DuplicateSource` naming the
    existing source when the same text is already in the dossier.
    """
    try:
        require_text(data.text)
    except IngestError as exc:
        raise InvalidInput(exc.message, exc.status) from exc
    assert dossier.id is not None
    digest = text_sha256(data.text)
    existing = find_duplicate(session, dossier.id, digest)
    if existing is not None:
        raise DuplicateSource(duplicate_message(existing), existing.id or 0)
    source = Source.model_validate(
        data,
        update={
            "dossier_id": dossier.id,
            "sha256": digest,
            "original": data.original or data.text.encode("utf-8"),
        },
    )
    session.add(source)
    session.flush()
    _stage_segments(session, source)
    dossiers.touch(dossier)
    return source


def _stage_segments(session: Session, source: Source) -> None:
    # One executemany of plain rows, in the caller's transaction: an ORM object per segment
    # cost 18 of a 512 KB source's 22 s import (13,000 segments).
    assert source.id is not None
    rows = [
        {
            "source_id": source.id,
            "position": seg.index,
            "start": seg.start,
            "end": seg.end,
            "kind": SegmentKind(seg.kind),
        }
        for seg in segment_text(source.text)
    ]
    if rows:
        session.execute(insert(Segment), rows)


def import_source(session: Session, dossier_id: int, data: SourceCreate) -> Source:
    """Store one source in its own transaction; nothing is written when anything fails."""
    dossier = dossiers.get_dossier(session, dossier_id)
    try:
        # The flush inside staging can already meet the unique index, not only the commit.
        source = stage_source(session, dossier, data)
        session.commit()
    except IntegrityError as exc:
        # A concurrent import of the same text won the race for the unique index.
        session.rollback()
        existing = find_duplicate(session, dossier_id, text_sha256(data.text))
        if existing is None:
            raise
        raise DuplicateSource(duplicate_message(existing), existing.id or 0) from exc
    return source


def get_source(session: Session, source_id: int, include_deleted: bool = False) -> Source:
    """The source; one in the trash (or in a trashed dossier) counts as missing by default."""
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"There is no source {source_id}.")
    if not include_deleted:
        if source.deleted_at is not None:
            raise NotFound(f"Source {source_id} is in the trash; restore it from /trash.")
        dossiers.get_dossier(session, source.dossier_id)
    return source


def list_sources(session: Session, dossier_id: int) -> list[Source]:
    return list(
        session.exec(
            select(Source)
            .where(Source.dossier_id == dossier_id, col(Source.deleted_at).is_(None))
            .order_by(col(Source.id))
        ).all()
    )


def list_segments(session: Session, source_id: int) -> list[Segment]:
    return list(
        session.exec(
            select(Segment).where(Segment.source_id == source_id).order_by(col(Segment.position))
        ).all()
    )


def text_digests(session: Session, dossier_id: int) -> list[tuple[int | None, str]]:
    """(id, text SHA-256) of the sources :func:`list_sources` lists, in its order, without
    loading their texts."""
    query = (
        select(Source.id, Source.sha256)
        .where(Source.dossier_id == dossier_id, col(Source.deleted_at).is_(None))
        .order_by(col(Source.id))
    )
    return [(source_id, digest) for source_id, digest in session.exec(query).all()]


def to_public(source: Source) -> SourcePublic:
    return SourcePublic.model_validate(source, update={"characters": len(source.text)})


def label(source: Source) -> str:
    """Outlet, else title, else the file name without extension, else the number."""
    stem = source.filename.rsplit(".", 1)[0] if source.filename else ""
    return source.outlet or source.title or stem or f"Source {source.id}"
