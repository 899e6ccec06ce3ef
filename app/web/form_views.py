"""View models of the form pages (create a dossier, import, edit, delete) and their parsing.

A form page carries a :class:`FormState`: the values as the person typed them (so a refused
form comes back as it was sent) and the errors, each tied to a field when it belongs to one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from app.models import (
    TITLE_MAX,
    URL_MAX,
    DossierCreate,
    DossierPublic,
    SourceMeta,
    SourcePublic,
    SourceRole,
)

META_FIELDS = ("title", "outlet", "url", "published_date", "author", "language", "role")
META_LABELS = {
    "title": "Title",
    "outlet": "Outlet",
    "url": "URL",
    "published_date": "Published date",
    "author": "Author",
    "language": "Language",
    "role": "Role",
    "description": "Description",
    "event_date": "Event date",
    "text": "Text",
    "file": "File",
}
DATE_HINT = "Use the form YYYY-MM-DD, for example 2026-01-05."


class FormError(BaseModel):
    """One problem with a form; ``field`` names the input it belongs to (None: the whole form)."""

    message: str
    field: str | None = None
    link: str | None = None
    link_text: str | None = None


class FormState(BaseModel):
    values: dict[str, str] = {}
    errors: list[FormError] = []

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def error_for(self, name: str) -> str | None:
        return next((e.message for e in self.errors if e.field == name), None)


class InvalidForm(Exception):
    """A form that cannot be accepted; carries the errors to show next to its fields."""

    def __init__(self, errors: list[FormError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


# ---------------------------------------------------------------- parsing


def _message(error: Any) -> str:
    field = str(error["loc"][0]) if error["loc"] else ""
    label = META_LABELS.get(field, field.replace("_", " ").capitalize())
    kind = error["type"]
    if field in ("published_date", "event_date"):
        return f"{label}: “{error.get('input')}” is not a date. {DATE_HINT}"
    if kind == "string_too_long":
        return f"{label} can be at most {error['ctx']['max_length']:,} characters."
    if field == "role":
        return "Role must be “primary” (the official statement) or “report”."
    if field == "title" and kind != "string_too_long":
        return "Give the dossier a title."
    if field == "url":
        return "The URL must start with http:// or https://."
    return f"{label}: {str(error['msg']).removeprefix('Value error, ')}."


def _errors(exc: ValidationError) -> list[FormError]:
    return [
        FormError(message=_message(e), field=str(e["loc"][0]) if e["loc"] else None)
        for e in exc.errors()
    ]


def _blank_to_none(values: dict[str, str], *names: str) -> dict[str, Any]:
    return {k: (None if k in names and not v.strip() else v) for k, v in values.items()}


def parse_meta(values: dict[str, str]) -> SourceMeta:
    """Metadata from form strings; raises :class:`InvalidForm` with one error per bad field."""
    data = _blank_to_none({k: values.get(k, "") for k in META_FIELDS}, "published_date")
    data["title"] = data["title"].strip()
    data["outlet"] = data["outlet"].strip()
    data["author"] = data["author"].strip()
    data["language"] = data["language"].strip() or "en"
    data["role"] = data["role"] or SourceRole.report.value
    try:
        return SourceMeta.model_validate(data)
    except ValidationError as exc:
        raise InvalidForm(_errors(exc)) from exc


def parse_dossier(values: dict[str, str]) -> DossierCreate:
    data = _blank_to_none(
        {k: values.get(k, "") for k in ("title", "description", "event_date")}, "event_date"
    )
    try:
        return DossierCreate.model_validate(data)
    except ValidationError as exc:
        raise InvalidForm(_errors(exc)) from exc


def parse_version(value: str) -> datetime | None:
    """The ``updated_at`` an edit form was opened with (ISO 8601), or None when unreadable."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def meta_values(meta: SourceMeta | SourcePublic) -> dict[str, str]:
    """Form strings for a metadata record (the inverse of :func:`parse_meta`)."""
    return {
        "title": meta.title,
        "outlet": meta.outlet,
        "url": meta.url,
        "published_date": meta.published_date.isoformat() if meta.published_date else "",
        "author": meta.author,
        "language": meta.language,
        "role": meta.role.value,
    }


# ---------------------------------------------------------------- API shapes


class SourceImportRequest(SourceMeta):
    """Body of ``POST /api/dossiers/{id}/sources``: the article's text and its metadata."""

    text: str


class ImportPreviewResult(BaseModel):
    """What an import would store; nothing is saved."""

    text: str
    media_type: str
    filename: str
    characters: int
    sentences: int
    metadata: SourceMeta


# ---------------------------------------------------------------- pages


class CreateDossierView(BaseModel):
    """The create-dossier form on the home page (its JSON is the refusal with its reasons)."""

    form: FormState
    title_max: int = TITLE_MAX


class ImportView(BaseModel):
    dossier: DossierPublic
    form: FormState
    max_upload_bytes: int
    accepted: str
    url: str


class ImportPreviewView(BaseModel):
    dossier: DossierPublic
    form: FormState
    origin: str
    carried: str
    filename: str
    media_type: str
    text: str
    characters: int
    sentences: int
    roles: list[str] = [r.value for r in SourceRole]
    url: str


class SourceEditView(BaseModel):
    source: SourcePublic
    label: str
    dossier: DossierPublic
    form: FormState
    version: str
    roles: list[str] = [r.value for r in SourceRole]
    url_max: int = URL_MAX
    url: str


class SourceDeleteView(BaseModel):
    source: SourcePublic
    label: str
    dossier: DossierPublic
    sentences: int
    url: str
