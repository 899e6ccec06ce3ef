"""View models: the dict each page is built from, and the schema of its JSON twin."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.models import DossierPublic, SegmentPublic, SourcePublic
from app.web.paging import Pager


class DossierListItem(BaseModel):
    dossier: DossierPublic
    source_count: int
    first_date: date | None
    last_date: date | None
    last_change: datetime
    url: str


class HomeView(BaseModel):
    dossiers: list[DossierListItem] = Field(description="this page's dossiers, newest change first")
    pager: Pager | None = Field(default=None, description="which dossiers this page holds (`page`)")


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


class ErrorOut(BaseModel):
    """Every JSON error: a sentence for people in ``detail``, sometimes with more fields."""

    model_config = ConfigDict(extra="allow")

    detail: str


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": description}
    for status, description in (
        (
            400,
            "Malformed request: a body that is not JSON or a form, an unreadable If-Match or "
            "Content-Length header, or a Host header outside the trusted_hosts setting",
        ),
        (401, "Sign-in or a valid API token is needed"),
        (403, "Not allowed (role, CSRF token or foreign origin)"),
        (404, "No such dossier, source or page"),
        (409, "Conflict: a duplicate text or a concurrent edit"),
        (413, "The body is over the upload limit"),
        (415, "Unsupported or binary file"),
        (422, "Invalid input, with a message saying what to fix"),
        (429, "Too many failed sign-ins"),
    )
}
