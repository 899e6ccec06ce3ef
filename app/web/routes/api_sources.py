"""The JSON API for dossiers and sources: create, import (text, upload, preview), edit, delete.

Bodies are JSON (or multipart for files) and every operation is documented in OpenAPI; errors
are ``{"detail": ...}``. Request bodies over the limit are refused before they are read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Header, UploadFile
from fastapi.responses import JSONResponse, Response

from app.models import DossierCreate, DossierPublic, SourceMeta, SourcePublic, SourceUpdate
from app.services import dossiers, imports, source_edits, sources
from app.services.errors import DuplicateSource, InvalidInput
from app.services.imports import Draft
from app.services.source_edits import StaleEdit
from app.web.deps import SessionDep, SettingsDep
from app.web.form_views import (
    META_FIELDS,
    ImportPreviewResult,
    InvalidForm,
    SourceImportRequest,
    parse_meta,
    parse_version,
)
from app.web.render import source_etag
from app.web.routes.forms import LimitedRoute

api = APIRouter(prefix="/api", tags=["sources"], route_class=LimitedRoute)


def etag(source: SourcePublic) -> str:
    return source_etag(source.updated_at)


@api.post(
    "/dossiers",
    response_model=DossierPublic,
    status_code=201,
    summary="Create a dossier (JSON twin of the form on /)",
)
def api_create_dossier(session: SessionDep, data: DossierCreate) -> JSONResponse:
    dossier = dossiers.create_dossier(session, data)
    body = DossierPublic.model_validate(dossier).model_dump(mode="json")
    return JSONResponse(body, status_code=201, headers={"Location": f"/dossiers/{dossier.id}"})


# ---------------------------------------------------------------- import: JSON API


def _created(source_id: int | None, session: SessionDep) -> JSONResponse:
    assert source_id is not None
    public = sources.to_public(sources.get_source(session, source_id))
    return JSONResponse(
        public.model_dump(mode="json"),
        status_code=201,
        headers={"Location": f"/sources/{source_id}", "ETag": etag(public)},
    )


def _duplicate_json(exc: DuplicateSource) -> JSONResponse:
    return JSONResponse(
        {
            "detail": exc.message,
            "existing_source_id": exc.existing_id,
            "existing_source_url": f"/sources/{exc.existing_id}",
        },
        status_code=409,
    )


def _invalid_json(exc: InvalidForm) -> JSONResponse:
    errors = [e.model_dump() for e in exc.errors]
    return JSONResponse({"detail": exc.errors[0].message, "errors": errors}, status_code=422)


@api.post(
    "/dossiers/{dossier_id:int}/sources",
    response_model=SourcePublic,
    status_code=201,
    summary="Import a text into a dossier (JSON twin of the import form)",
    responses={409: {"description": "The same text is already in the dossier"}},
)
def api_import_text(
    session: SessionDep, settings: SettingsDep, dossier_id: int, body: SourceImportRequest
) -> JSONResponse:
    dossiers.get_dossier(session, dossier_id)
    draft = imports.draft_from_text(body.text, settings.max_upload_bytes)
    meta = SourceMeta.model_validate(body.model_dump(exclude={"text"}))
    try:
        source = imports.save_draft(session, dossier_id, draft, meta)
    except DuplicateSource as exc:
        return _duplicate_json(exc)
    return _created(source.id, session)


def _upload_meta(draft: Draft, fields: dict[str, str]) -> SourceMeta:
    extracted = imports.meta_defaults(draft)
    values = {k: fields.get(k) or extracted.get(k, "") for k in META_FIELDS}
    return parse_meta(values)


MetaField = Annotated[str, Form()]


@api.post(
    "/dossiers/{dossier_id:int}/sources/upload",
    response_model=SourcePublic,
    status_code=201,
    summary="Import an uploaded .txt, .md or .html file into a dossier",
    description="Metadata left empty is taken from the HTML page when trafilatura finds it.",
    responses={
        409: {"description": "The same text is already in the dossier"},
        413: {"description": "The file is larger than the upload limit"},
        415: {"description": "Not a .txt, .md or .html file"},
    },
)
def api_import_upload(
    session: SessionDep,
    settings: SettingsDep,
    dossier_id: int,
    file: Annotated[UploadFile, File(description="The article: .txt, .md or .html")],
    title: MetaField = "",
    outlet: MetaField = "",
    url: MetaField = "",
    published_date: MetaField = "",
    author: MetaField = "",
    language: MetaField = "",
    role: MetaField = "",
) -> JSONResponse:
    dossiers.get_dossier(session, dossier_id)
    draft = imports.draft_from_upload(
        file.file.read(), file.filename or "", file.content_type or "", settings.max_upload_bytes
    )
    fields = dict(
        title=title,
        outlet=outlet,
        url=url,
        published_date=published_date,
        author=author,
        language=language,
        role=role,
    )
    try:
        meta = _upload_meta(draft, fields)
        source = imports.save_draft(session, dossier_id, draft, meta)
    except InvalidForm as exc:
        return _invalid_json(exc)
    except DuplicateSource as exc:
        return _duplicate_json(exc)
    return _created(source.id, session)


@api.post(
    "/dossiers/{dossier_id:int}/sources/preview",
    response_model=ImportPreviewResult,
    summary="What importing a file or text would store (nothing is saved)",
)
def api_import_preview(
    session: SessionDep,
    settings: SettingsDep,
    dossier_id: int,
    file: Annotated[UploadFile | None, File(description="A .txt, .md or .html file")] = None,
    text: Annotated[str, Form(description="Or the pasted text")] = "",
) -> ImportPreviewResult:
    dossiers.get_dossier(session, dossier_id)
    if file is not None and file.filename:
        draft = imports.draft_from_upload(
            file.file.read(), file.filename, file.content_type or "", settings.max_upload_bytes
        )
    else:
        draft = imports.draft_from_text(text, settings.max_upload_bytes)
    imports.check_not_duplicate(session, dossier_id, draft)
    return ImportPreviewResult(
        text=draft.text,
        media_type=draft.media_type,
        filename=draft.filename,
        characters=len(draft.text),
        sentences=draft.sentence_count,
        metadata=_upload_meta(draft, {}),
    )


def _if_match(value: str | None) -> datetime | None:
    if value is None or value.strip() == "*":
        return None  # "*": any current version (a missing source is a 404 anyway)
    moment = parse_version(value.strip().removeprefix("W/").strip('"'))
    if moment is None:
        raise InvalidInput(
            "If-Match must be the source's updated_at (as in its JSON or ETag).", 400
        )
    return moment


@api.patch(
    "/sources/{source_id:int}",
    response_model=SourcePublic,
    summary="Edit a source's metadata (JSON twin of /sources/{id}/edit)",
    description=(
        "Send only the fields to change; null clears a field. With `If-Match` set to the "
        "ETag of `GET /sources/{id}.json` (the source's `updated_at`), the edit is refused "
        "with 412 when the source changed since; `If-Match: *` accepts any version."
    ),
    responses={412: {"description": "The source changed since the version in If-Match"}},
)
def api_edit_source(
    session: SessionDep,
    source_id: int,
    changes: SourceUpdate,
    if_match: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    try:
        source = source_edits.update_source(session, source_id, changes, _if_match(if_match))
    except StaleEdit as exc:
        return JSONResponse({"detail": exc.message}, status_code=412)
    public = sources.to_public(source)
    return JSONResponse(public.model_dump(mode="json"), headers={"ETag": etag(public)})


@api.delete(
    "/sources/{source_id:int}",
    status_code=204,
    summary="Move a source to the trash (restorable until purged)",
    response_class=Response,
)
def api_delete_source(session: SessionDep, source_id: int) -> Response:
    source_edits.delete_source(session, source_id)
    return Response(status_code=204)
