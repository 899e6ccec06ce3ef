"""Edit a source's metadata or delete a source; each in one transaction that touches the dossier.

Edits are optimistic: the caller says which version (``updated_at``) it started from, and the
write only happens when the stored row still has that version (checked in the UPDATE itself,
so two concurrent saves cannot both win).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlmodel import Session, col

from app.models import Source, SourceMeta, SourceUpdate, utcnow
from app.services import dossiers, sources, trash
from app.services.errors import InvalidInput, ServiceError
from app.services.imports import refresh_comparison

STALE_MESSAGE = (
    "This source was changed by someone else since you opened the form; "
    "reload to see the new version."
)


class StaleEdit(ServiceError):
    """The source changed since the editor read it; nothing was written."""

    status = 409

    def __init__(self, current: Source) -> None:
        super().__init__(STALE_MESSAGE)
        self.current = current


def merged_meta(source: Source, changes: SourceUpdate) -> SourceMeta:
    """The source's metadata with ``changes`` applied, validated as a whole.

    ``None`` clears a text field (stored as ``""``) or the date; a role cannot be cleared.
    Raises pydantic's ``ValidationError`` (e.g. a URL that is not http/https).
    """
    current = SourceMeta.model_validate(source).model_dump()
    for name, value in changes.model_dump(exclude_unset=True).items():
        if value is None and name == "role":
            continue
        if value is None and name != "published_date":
            value = ""
        current[name] = value
    return SourceMeta.model_validate(current)


def update_source(
    session: Session,
    source_id: int,
    changes: SourceUpdate,
    expected_updated_at: datetime | None = None,
) -> Source:
    """Apply ``changes``; with ``expected_updated_at``, refuse (:class:`StaleEdit`) if it moved."""
    source = sources.get_source(session, source_id)
    if expected_updated_at is not None and source.updated_at != expected_updated_at:
        raise StaleEdit(source)
    try:
        meta = merged_meta(source, changes)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(f"{field}: {first['msg'].removeprefix('Value error, ')}") from exc
    values: dict[str, Any] = {**meta.model_dump(), "updated_at": utcnow()}
    statement = update(Source).where(col(Source.id) == source_id)
    if expected_updated_at is not None:
        statement = statement.where(col(Source.updated_at) == expected_updated_at)
    result = session.execute(statement.values(**values))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise StaleEdit(sources.get_source(session, source_id))
    dossiers.touch(dossiers.get_dossier(session, source.dossier_id))
    session.commit()
    session.refresh(source)
    refresh_comparison(session, source.dossier_id)
    return source


def delete_source(session: Session, source_id: int) -> int:
    """Move the source to the trash (restorable until purged); returns its dossier's id."""
    return trash.trash_source(session, source_id)
