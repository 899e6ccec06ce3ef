"""Import by URL (one URL: the usual preview; several: stored with a summary) and bulk upload
of several files or ``.zip`` archives, each with a one-line-per-item summary."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile as StarletteUpload

from app.models import DossierPublic
from app.services import bulk_imports, dossiers, imports
from app.services.bulk_imports import Summary
from app.services.errors import DuplicateSource, InvalidInput
from app.services.url_fetch import FetchPolicy
from app.settings import Settings
from app.web.deps import SessionDep, SettingsDep
from app.web.form_views import FormError, FormState
from app.web.render import page
from app.web.routes.forms import (
    FormDep,
    LimitedRoute,
    _duplicate_error,
    _import_page,
    _preview_view,
    _text,
)

router = APIRouter(tags=["forms"], route_class=LimitedRoute)
# The JSON twin is an API operation: one tag, so the API docs list it once.
api_router = APIRouter(tags=["api"], route_class=LimitedRoute)


class SummaryItem(BaseModel):
    name: str
    outcome: Literal["stored", "duplicate", "refused"]
    message: str
    url: str = ""


class ImportSummaryView(BaseModel):
    dossier: DossierPublic
    stored: int
    duplicates: int
    refused: int
    items: list[SummaryItem]


class UrlImport(BaseModel):
    urls: list[str] = Field(min_length=1, max_length=bulk_imports.MAX_ITEMS)


def policy(settings: Settings) -> FetchPolicy:
    return FetchPolicy(
        timeout=settings.fetch_timeout_seconds,
        max_bytes=settings.max_upload_bytes,
        max_redirects=settings.fetch_max_redirects,
        allowed_hosts=settings.allowed_fetch_hosts,
    )


def summary_view(dossier: DossierPublic, summary: Summary) -> ImportSummaryView:
    return ImportSummaryView(
        dossier=dossier,
        stored=summary.count("stored"),
        duplicates=summary.count("duplicate"),
        refused=summary.count("refused"),
        items=[
            SummaryItem(
                name=i.name,
                outcome=i.outcome,
                message=i.message,
                url=f"/sources/{i.source_id}" if i.source_id else "",
            )
            for i in summary.items
        ],
    )


@router.post("/dossiers/{dossier_id:int}/import/urls", include_in_schema=False)
def import_urls_form(
    request: Request, session: SessionDep, settings: SettingsDep, dossier_id: int, form: FormDep
) -> Response:
    dossier = DossierPublic.model_validate(dossiers.get_dossier(session, dossier_id))
    urls = bulk_imports.split_urls(_text(form, "urls"))
    values = {"urls": _text(form, "urls")}
    if not urls:
        error = FormError(field="urls", message="Give at least one web address.")
        state = FormState(values=values, errors=[error])
        return _import_page(request, session, settings, dossier_id, state, 422)
    if len(urls) > 1:
        summary = bulk_imports.import_urls(session, dossier_id, urls, policy(settings))
        return page(request, "import_summary.html", summary_view(dossier, summary))
    try:
        imports.check_url_not_duplicate(session, dossier_id, urls[0])
        draft = imports.draft_from_url(urls[0], policy(settings))
        imports.check_not_duplicate(session, dossier_id, draft)
    except DuplicateSource as exc:
        state = FormState(values=values, errors=[_duplicate_error(exc, "urls")])
        return _import_page(request, session, settings, dossier_id, state, 409)
    except InvalidInput as exc:
        state = FormState(values=values, errors=[FormError(message=exc.message, field="urls")])
        return _import_page(request, session, settings, dossier_id, state, exc.status)
    meta = {"language": "en", "role": "report", **imports.meta_defaults(draft)}
    view = _preview_view(dossier_id, dossier, draft, FormState(values=meta))
    return page(request, "import_preview.html", view)


@router.post("/dossiers/{dossier_id:int}/import/files", include_in_schema=False)
def import_files_form(
    request: Request, session: SessionDep, settings: SettingsDep, dossier_id: int, form: FormDep
) -> Response:
    dossier = DossierPublic.model_validate(dossiers.get_dossier(session, dossier_id))
    files = [
        (f.filename, f.file.read())
        for f in form.getlist("files")
        if isinstance(f, StarletteUpload) and f.filename
    ]
    if not files:
        error = FormError(field="files", message="Choose one or more files to import.")
        state = FormState(errors=[error])
        return _import_page(request, session, settings, dossier_id, state, 422)
    summary = bulk_imports.import_files(session, dossier_id, files, settings.max_upload_bytes)
    return page(request, "import_summary.html", summary_view(dossier, summary))


@api_router.post(
    "/api/dossiers/{dossier_id:int}/sources/urls",
    response_model=ImportSummaryView,
    summary="Fetch and import web pages by URL; one summary line per URL",
)
def api_import_urls(
    session: SessionDep, settings: SettingsDep, dossier_id: int, data: UrlImport
) -> JSONResponse:
    dossier = DossierPublic.model_validate(dossiers.get_dossier(session, dossier_id))
    summary = bulk_imports.import_urls(session, dossier_id, data.urls, policy(settings))
    return JSONResponse(summary_view(dossier, summary).model_dump(mode="json"))
