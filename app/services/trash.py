"""Soft delete: dossiers and sources go to the trash, can be restored, and are purged later.

A trashed record keeps all its rows (text, segments, search entries) but disappears from
every listing, comparison and search; restoring brings it back exactly as it was. Only
``purge`` deletes rows, and only of records trashed before a cut-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.models import Dossier, Source, utcnow
from app.services import dossiers, sources
from app.services.errors import InvalidInput
from app.services.imports import refresh_comparison


@dataclass(frozen=True, slots=True)
class TrashContents:
    dossiers: list[Dossier]
    sources: list[Source]


@dataclass(frozen=True, slots=True)
class PurgeResult:
    dossiers: int
    sources: int


def trash_source(session: Session, source_id: int) -> int:
    """Move a source to the trash; returns its dossier's id. The comparison drops it."""
    source = sources.get_source(session, source_id)
    source.deleted_at = utcnow()
    session.add(source)
    dossiers.touch(dossiers.get_dossier(session, source.dossier_id))
    session.commit()
    refresh_comparison(session, source.dossier_id)
    return source.dossier_id


def restore_source(session: Session, source_id: int) -> Source:
    source = sources.get_source(session, source_id, include_deleted=True)
    if source.deleted_at is None:
        raise InvalidInput(f"Source {source_id} is not in the trash.", 409)
    dossier = dossiers.get_dossier(session, source.dossier_id, include_deleted=True)
    if dossier.deleted_at is not None:
        raise InvalidInput(
            f"Its dossier “{dossier.title}” is in the trash; restore the dossier first.", 409
        )
    source.deleted_at = None
    session.add(source)
    dossiers.touch(dossier)
    session.commit()
    refresh_comparison(session, source.dossier_id)
    return source


def trash_dossier(session: Session, dossier_id: int) -> Dossier:
    dossier = dossiers.get_dossier(session, dossier_id)
    dossier.deleted_at = utcnow()
    session.add(dossier)
    session.commit()
    return dossier


def restore_dossier(session: Session, dossier_id: int) -> Dossier:
    dossier = dossiers.get_dossier(session, dossier_id, include_deleted=True)
    if dossier.deleted_at is None:
        raise InvalidInput(f"Dossier {dossier_id} is not in the trash.", 409)
    dossier.deleted_at = None
    dossiers.touch(dossier)
    session.add(dossier)
    session.commit()
    return dossier


def contents(session: Session) -> TrashContents:
    """Trashed dossiers, and trashed sources of dossiers that are not themselves trashed."""
    trashed_dossiers = list(
        session.exec(
            select(Dossier)
            .where(col(Dossier.deleted_at).is_not(None))
            .order_by(col(Dossier.deleted_at).desc())
        ).all()
    )
    trashed_sources = list(
        session.exec(
            select(Source)
            .join(Dossier, col(Dossier.id) == col(Source.dossier_id))
            .where(col(Source.deleted_at).is_not(None), col(Dossier.deleted_at).is_(None))
            .order_by(col(Source.deleted_at).desc())
        ).all()
    )
    return TrashContents(trashed_dossiers, trashed_sources)


def purge(session: Session, older_than: timedelta, now: datetime | None = None) -> PurgeResult:
    """Delete for good what was trashed before ``now - older_than`` (segments cascade)."""
    cutoff = (now or utcnow()) - older_than
    old_sources = session.exec(select(Source.id).where(col(Source.deleted_at) <= cutoff)).all()
    old_dossiers = session.exec(select(Dossier.id).where(col(Dossier.deleted_at) <= cutoff)).all()
    if old_sources:
        session.execute(delete(Source).where(col(Source.id).in_(old_sources)))
    if old_dossiers:
        session.execute(delete(Dossier).where(col(Dossier.id).in_(old_dossiers)))
    session.commit()
    return PurgeResult(dossiers=len(old_dossiers), sources=len(old_sources))
