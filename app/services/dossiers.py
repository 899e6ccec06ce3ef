"""Dossiers: listing with summary figures, creation, lookup, editing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case, func
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


def _latest_source_change() -> Any:
    """Per dossier, when its live sources last changed (an index-only scan on SQLite and
    PostgreSQL: ``ix_source_dossier_stats``)."""
    return (
        sa_select(col(Source.dossier_id), func.max(col(Source.updated_at)).label("changed"))
        .where(col(Source.deleted_at).is_(None))
        .group_by(col(Source.dossier_id))
        .subquery()
    )


def dossier_page(session: Session, offset: int, limit: int) -> tuple[list[DossierSummary], int]:
    """Dossiers ``offset`` to ``offset + limit`` of the list, most recently changed first
    (the later of the dossier's and its sources' changes; ties by id), with their figures,
    and how many dossiers there are. Only the page's dossiers are loaded and summed."""
    live = col(Dossier.deleted_at).is_(None)
    total = session.execute(sa_select(func.count()).select_from(Dossier).where(live)).scalar()
    changes = _latest_source_change()
    last_change = case(
        (changes.c.changed > col(Dossier.updated_at), changes.c.changed),
        else_=col(Dossier.updated_at),
    )
    ids = session.execute(
        sa_select(col(Dossier.id))
        .outerjoin(changes, changes.c.dossier_id == Dossier.id)
        .where(live)
        .order_by(last_change.desc(), col(Dossier.id))
        .limit(limit)
        .offset(offset)
    ).scalars()
    return _summaries(session, list(ids)), int(total or 0)


def _summaries(session: Session, ids: list[int]) -> list[DossierSummary]:
    """The summaries of dossiers ``ids``, in that order (figures grouped in one query)."""
    if not ids:
        return []
    stats = session.execute(
        sa_select(
            col(Source.dossier_id),
            func.count(col(Source.id)),
            func.min(col(Source.published_date)),
            func.max(col(Source.published_date)),
            func.max(col(Source.updated_at)),
        )
        .where(col(Source.deleted_at).is_(None), col(Source.dossier_id).in_(ids))
        .group_by(col(Source.dossier_id))
    ).all()
    figures = {row[0]: row[1:] for row in stats}
    loaded = {d.id: d for d in session.exec(select(Dossier).where(col(Dossier.id).in_(ids)))}
    summaries = []
    for dossier_id in ids:
        d = loaded[dossier_id]
        count, first, last, changed = figures.get(dossier_id, (0, None, None, None))
        summaries.append(
            DossierSummary(
                dossier=d,
                source_count=count or 0,
                first_date=first,
                last_date=last,
                last_change=max(d.updated_at, _as_utc(changed) or d.updated_at),
            )
        )
    return summaries


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
