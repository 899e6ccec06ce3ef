"""View models: the dict each page is built from, and the schema of its JSON twin."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from app.models import DossierPublic, SegmentPublic, SourcePublic


class DossierListItem(BaseModel):
    dossier: DossierPublic
    source_count: int
    first_date: date | None
    last_date: date | None
    last_change: datetime
    url: str


class HomeView(BaseModel):
    dossiers: list[DossierListItem]


class SourceListItem(BaseModel):
    source: SourcePublic
    label: str
    segment_count: int
    url: str


class DossierView(BaseModel):
    dossier: DossierPublic
    sources: list[SourceListItem]
    url: str


class SourceView(BaseModel):
    source: SourcePublic
    label: str
    dossier: DossierPublic
    text: str
    segments: list[SegmentPublic]
    url: str


class Health(BaseModel):
    status: str
    database: str
    engine_version: str
