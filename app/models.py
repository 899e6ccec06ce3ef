"""SQLModel tables and their API shapes: ``XBase`` → ``X`` (table) → ``XCreate`` / ``XPublic``.

Only data models are inherited from, never table models; fields are repeated rather than
nesting a deep tree. Column types are plain SQLAlchemy types so PostgreSQL works as well.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from pydantic import field_validator
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

TITLE_MAX = 300
URL_MAX = 2000


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class SourceRole(StrEnum):
    primary = "primary"
    report = "report"


class SegmentKind(StrEnum):
    sentence = "sentence"
    heading = "heading"
    caption = "caption"
    list_item = "list_item"
    # article furniture (issue 11): never a claim nor a unique fact
    byline = "byline"
    dateline = "dateline"
    credit = "credit"
    timestamp = "timestamp"
    boilerplate = "boilerplate"


# ---------------------------------------------------------------- dossiers


class DossierBase(SQLModel):
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    description: str = Field(default="", max_length=5000)
    event_date: date | None = None

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a dossier needs a title")
        return value.strip()


class Dossier(DossierBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Set when moved to the trash; `communique purge` removes it for good later.
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DossierCreate(DossierBase):
    pass


class DossierUpdate(SQLModel):
    """An edit of a dossier: only the fields sent change (``event_date`` null clears it)."""

    title: str | None = Field(default=None, min_length=1, max_length=TITLE_MAX)
    description: str | None = Field(default=None, max_length=5000)
    event_date: date | None = None

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("a dossier needs a title")
        return value.strip() if value is not None else None


class DossierPublic(DossierBase):
    id: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None


# ---------------------------------------------------------------- sources


class SourceMeta(SQLModel):
    """Metadata a user can give or edit; shared by create, update and public shapes."""

    title: str = Field(default="", max_length=TITLE_MAX)
    outlet: str = Field(default="", max_length=TITLE_MAX)
    url: str = Field(default="", max_length=URL_MAX)
    published_date: date | None = None
    author: str = Field(default="", max_length=TITLE_MAX)
    language: str = Field(default="en", max_length=20)
    role: SourceRole = SourceRole.report

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str) -> str:
        value = value.strip()
        if value and not value.lower().startswith(("http://", "https://")):
            raise ValueError("the URL must start with http:// or https://")
        return value


class Source(SourceMeta, table=True):
    __table_args__ = (
        UniqueConstraint("dossier_id", "sha256", name="uq_source_dossier_sha256"),
        # Covers the per-dossier counts, dates and last change of the home page, which would
        # otherwise read every source row past its text (SQLite: overflow pages); 0010.
        Index(
            "ix_source_dossier_stats",
            "dossier_id",
            "deleted_at",
            "published_date",
            "updated_at",
            "id",
        ),
        # Covers the search form's outlet list (grouped by outlet); 0012.
        Index("ix_source_outlets", "outlet", "deleted_at", "dossier_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("dossier.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    original: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    media_type: str = Field(default="text/plain", max_length=100)
    filename: str = Field(default="", max_length=TITLE_MAX)
    text: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SourceCreate(SourceMeta):
    """What an import provides: the plain text plus how it arrived."""

    text: str
    original: bytes = b""
    media_type: str = "text/plain"
    filename: str = ""


class SourceUpdate(SQLModel):
    title: str | None = Field(default=None, max_length=TITLE_MAX)
    outlet: str | None = Field(default=None, max_length=TITLE_MAX)
    url: str | None = Field(default=None, max_length=URL_MAX)
    published_date: date | None = None
    author: str | None = Field(default=None, max_length=TITLE_MAX)
    language: str | None = Field(default=None, max_length=20)
    role: SourceRole | None = None


class SourcePublic(SourceMeta):
    id: int
    dossier_id: int
    media_type: str
    filename: str
    sha256: str
    characters: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None


# ---------------------------------------------------------------- segments


class Segment(SQLModel, table=True):
    """A sentence-like unit of a source; ``start``/``end`` index ``Source.text``."""

    __table_args__ = (UniqueConstraint("source_id", "position", name="uq_segment_position"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("source.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    position: int
    start: int
    end: int
    kind: SegmentKind = SegmentKind.sentence


class SegmentPublic(SQLModel):
    position: int
    start: int
    end: int
    kind: SegmentKind
    text: str


# ---------------------------------------------------------------- comparison cache


class ComparisonRun(SQLModel, table=True):
    """The engine's result for one exact content of a dossier (see app/services/comparisons.py).

    ``input_hash`` is the SHA-256 over the engine version and the ordered list of
    (source id, text SHA-256); ``result`` is the engine's JSON document (docs/compare-json.md).
    A run is valid exactly while the dossier's current input hash equals ``input_hash``.
    """

    __tablename__ = "comparison_run"

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("dossier.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    input_hash: str = Field(max_length=64, index=True)
    engine_version: str = Field(max_length=40)
    result: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # JSON list of the source ids in engine order (null for runs stored before 0008): lets a
    # page show this run, marked out of date, while the next one is computed.
    source_ids: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    failed = "failed"
    done = "done"


class ComparisonJob(SQLModel, table=True):
    """One request to bring a dossier's comparison up to date (app/services/comparison_jobs.py).

    ``input_hash`` is the content the worker compared (set when it starts); ``error`` is the
    one-line reason of a failure. Kept in the database so that every worker process shares the
    queue (app/services/job_queue.py) and a page shows a job's progress from any process.

    A running job belongs to ``claimed_by`` until ``lease_until``; its worker extends the lease
    while it computes, so a job whose lease ran out lost its worker and is queued again
    (``attempts`` counts the claims). Two partial unique indexes make the database refuse a
    second queued or a second running job for one dossier, whatever the race between workers.
    """

    __tablename__ = "comparison_job"
    __table_args__ = (
        Index(
            "uq_comparison_job_one_running",
            "dossier_id",
            unique=True,
            sqlite_where=text("status = 'running'"),
            postgresql_where=text("status = 'running'"),
        ),
        Index(
            "uq_comparison_job_one_queued",
            "dossier_id",
            unique=True,
            sqlite_where=text("status = 'queued'"),
            postgresql_where=text("status = 'queued'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("dossier.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    # A plain string (one of JobStatus), so workers on another backend need no enum type.
    status: str = Field(default=JobStatus.queued.value, max_length=10, index=True)
    input_hash: str = Field(default="", max_length=64)
    error: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_by: str = Field(default="", max_length=200)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = Field(default=0)
