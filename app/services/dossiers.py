"""Dossiers: listing with summary figures, creation, lookup, editing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.models import Dossier, DossierCreate, DossierUpdate, Source, utcnow
from app.services.errors import NotFound


@dataclass(frozen=True, slots=True)
class DossierSummary:
    dossier: Dossier
    source_count: int
    first_date: date | None
    last_date: date | None
    last_change: datetime


def list_dossiers(session: Session) -> list[DossierSummary]:
    """Every dossier, most recently changed first, with its number of sources and date range."""
    stats = (
        sa_select(
            col(Source.dossier_id),
            func.count(col(Source.id)),
            func.min(col(Source.published_date)),
            func.max(col(Source.published_date)),
            func.max(col(Source.updated_at)),
        )
        .where(col(Source.deleted_at).is_(None))
        .group_by(col(Source.dossier_id))
        .subquery()
    )
    rows = session.execute(
        sa_select(Dossier, *stats.c[1:])
        .outerjoin(stats, stats.c.dossier_id == Dossier.id)
        .where(col(Dossier.deleted_at).is_(None))
    ).all()
    summaries = [
        DossierSummary(
            dossier=d,
            source_count=count or 0,
            first_date=first,
            last_date=last,
            last_change=max(d.updated_at, _as_utc(changed) or d.updated_at),
        )
        for d, count, first, last, changed in rows
    ]
    return sorted(summaries, key=lambda s: s.last_change, reverse=True)


def _as_utc(moment: datetime | str | None) -> datetime | None:
    # Aggregates bypass the column type, so SQLite hands back naive datetimes or strings.
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def get_dossier(session: Session, dossier_id: int, include_deleted: bool = False) -> Dossier:
    """The dossier; one in the trash counts as missing unless ``include_deleted``."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFound(f"There is no dossier {dossier_id}.")
    if dossier.deleted_at is not None and not include_deleted:
        raise NotFound(f"Dossier {dossier_id} is in the trash; restore it from /trash.")
    return dossier


def list_all(session: Session) -> list[Dossier]:
    """Every dossier, trashed ones included (for the trash page)."""
    return list(session.exec(select(Dossier).order_by(col(Dossier.id))).all())


def find_by_title(session: Session, title: str) -> Dossier | None:
    """Any dossier with this title, trashed ones included (so a deleted seed stays deleted)."""
    return session.exec(select(Dossier).where(Dossier.title == title)).first()


def add_dossier(session: Session, data: DossierCreate) -> Dossier:
    """Stage a new dossier (flushed, not committed: the caller's service commits)."""
    dossier = Dossier.model_validate(data)
    session.add(dossier)
    session.flush()
    return dossier


def create_dossier(session: Session, data: DossierCreate) -> Dossier:
    dossier = add_dossier(session, data)
    session.commit()
    return dossier


def touch(dossier: Dossier) -> None:
    dossier.updated_at = utcnow()


def update_dossier(session: Session, dossier_id: int, changes: DossierUpdate) -> Dossier:
    """Apply the fields set in ``changes`` (validated by the model); commits once."""
    dossier = get_dossier(session, dossier_id)
    fields = changes.model_dump(exclude_unset=True)
    if fields.get("title", "") is None:
        fields.pop("title")  # a title cannot be cleared, only replaced
    if fields.get("description", "") is None:
        fields["description"] = ""
    dossier.sqlmodel_update(fields)
    touch(dossier)
    session.add(dossier)
    session.commit()
    session.refresh(dossier)
    return dossier
