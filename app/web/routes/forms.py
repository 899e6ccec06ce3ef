"""Forms: create a dossier, import an article (preview, then save), edit or delete a source.

HTML forms follow Post/Redirect/Get and work without JavaScript; a refused form comes back
with its values and an error next to each bad field (status 4xx). The ``/api`` twins take JSON
(or multipart for files) and are documented in the OpenAPI schema. Every request body is
refused early when its declared length is over the limit (see :class:`LimitedRoute`).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from starlette.datastructures import FormData
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.requests import ClientDisconnect

from app.models import DossierPublic, SourceUpdate
from app.services import dossiers, imports, source_edits, sources
from app.services.errors import DuplicateSource, InvalidInput
from app.services.imports import Draft
from app.services.source_edits import StaleEdit
from app.settings import Settings
from app.web import bodies
from app.web.deps import SessionDep, SettingsDep
from app.web.form_views import (
    META_FIELDS,
    CreateDossierView,
    FormError,
    FormState,
    ImportPreviewView,
    ImportView,
    InvalidForm,
    SourceDeleteView,
    SourceEditView,
    meta_values,
    parse_dossier,
    parse_meta,
    parse_version,
)
from app.web.render import error_page, page, wants_json
from app.web.routes.pages import home_view


class LimitedRoute(APIRoute):
    """Refuse a request body whose Content-Length is over the limit before reading it, and
    one with text no field may hold (see :mod:`app.web.bodies`) before parsing it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            if request.method in ("POST", "PUT", "PATCH"):
                settings: Settings = request.app.state.settings
                try:
                    imports.check_declared_length(
                        request.headers.get("content-length"), settings.max_upload_bytes
                    )
                except InvalidInput as exc:
                    return error_page(request, exc.status, exc.message)
                problem = await _body_problem(request)
                if problem:
                    return error_page(request, 422, problem)
            return await handler(request)

        return limited


async def _body_problem(request: Request) -> str | None:
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith(("application/json", *bodies.FORM_TYPES)):
        return None
    try:
        body = await request.body()  # kept on the request: the route reads it from there
    except ClientDisconnect:
        return None  # cut off at the size limit: BodyLimitMiddleware has answered 413
    return bodies.body_problem(body, content_type)


router = APIRouter(tags=["forms"], route_class=LimitedRoute)


async def read_form(request: Request) -> FormData:
    """The posted form, with fields as large as an upload may be (Starlette's default is 1 MB)."""
    settings: Settings = request.app.state.settings
    return await request.form(max_part_size=imports.request_limit(settings.max_upload_bytes))


FormDep = Annotated[FormData, Depends(read_form)]


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# ---------------------------------------------------------------- create a dossier


def _home_with(request: Request, session: SessionDep, state: FormState, status: int) -> Response:
    view = CreateDossierView(form=state)
    if wants_json(request):
        return JSONResponse(view.model_dump(mode="json"), status_code=status)
    response = page(
        request, "home.html", home_view(session), status, create_form=view, json_url="/index.json"
    )
    response.headers["Link"] = '</index.json>; rel="alternate"; type="application/json"'
    return response


@router.post("/dossiers", include_in_schema=False)
def create_dossier(request: Request, session: SessionDep, form: FormDep) -> Response:
    values = {k: _text(form, k) for k in ("title", "description", "event_date")}
    try:
        data = parse_dossier(values)
    except InvalidForm as exc:
        return _home_with(request, session, FormState(values=values, errors=exc.errors), 422)
    dossier = dossiers.create_dossier(session, data)
    return _see_other(f"/dossiers/{dossier.id}")


# ---------------------------------------------------------------- import: the form


def _import_view(
    session: SessionDep, settings: Settings, dossier_id: int, state: FormState
) -> ImportView:
    from app.ingest import SUPPORTED  # noqa: PLC0415

    dossier = dossiers.get_dossier(session, dossier_id)
    return ImportView(
        dossier=DossierPublic.model_validate(dossier),
        form=state,
        max_upload_bytes=settings.max_upload_bytes,
        accepted=SUPPORTED,
        url=f"/dossiers/{dossier_id}/import",
    )


def _import_page(
    request: Request,
    session: SessionDep,
    settings: Settings,
    dossier_id: int,
    state: FormState | None = None,
    status: int = 200,
) -> Response:
    view = _import_view(session, settings, dossier_id, state or FormState())
    return page(request, "import.html", view, status)


@router.get("/dossiers/{dossier_id:int}/import", include_in_schema=False)
@router.get(
    "/dossiers/{dossier_id:int}/import.json",
    response_model=ImportView,
    summary="The import form of a dossier (JSON twin of /dossiers/{id}/import)",
)
def import_form(
    request: Request, session: SessionDep, settings: SettingsDep, dossier_id: int
) -> Response:
    return _import_page(request, session, settings, dossier_id)


# ---------------------------------------------------------------- import: preview and save


def _duplicate_error(exc: DuplicateSource, field: str | None = None) -> FormError:
    return FormError(
        message=exc.message,
        field=field,
        link=f"/sources/{exc.existing_id}",
        link_text=f"Open source {exc.existing_id}",
    )


def _draft_from_entry(form: FormData, max_bytes: int) -> tuple[Draft, str]:
    """The draft of step one and the field it came from (``text`` or ``file``)."""
    upload = form.get("file")
    text = _text(form, "text")
    if isinstance(upload, StarletteUpload) and upload.filename:
        if text.strip():
            raise InvalidForm(
                [FormError(field="text", message="Paste a text or choose a file, not both.")]
            )
        data = upload.file.read()
        return imports.draft_from_upload(
            data, upload.filename, upload.content_type or "", max_bytes
        ), "file"
    return imports.draft_from_text(text, max_bytes), "text"


def _preview_view(
    dossier_id: int, dossier: DossierPublic, draft: Draft, state: FormState
) -> ImportPreviewView:
    return ImportPreviewView(
        dossier=dossier,
        form=state,
        origin=draft.origin.value,
        carried=draft.carried,
        filename=draft.filename,
        media_type=draft.media_type,
        text=draft.text,
        characters=len(draft.text),
        sentences=draft.sentence_count,
        url=f"/dossiers/{dossier_id}/import",
    )


@router.post("/dossiers/{dossier_id:int}/import", include_in_schema=False)
def import_post(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    dossier_id: int,
    form: FormDep,
) -> Response:
    """Step one (``step=preview``): extract and show. Step two (``step=save``): store."""
    dossier = DossierPublic.model_validate(dossiers.get_dossier(session, dossier_id))
    if _text(form, "step") == "save":
        return _import_save(request, session, settings, dossier, form)
    upload = form.get("file")
    field = "file" if isinstance(upload, StarletteUpload) and upload.filename else "text"
    try:
        draft, field = _draft_from_entry(form, settings.max_upload_bytes)
        imports.check_not_duplicate(session, dossier_id, draft)
    except InvalidForm as exc:
        state = FormState(values={"text": _text(form, "text")}, errors=exc.errors)
        return _import_page(request, session, settings, dossier_id, state, 422)
    except InvalidInput as exc:
        error = FormError(message=exc.message, field=field)
        state = FormState(values={"text": _text(form, "text")}, errors=[error])
        return _import_page(request, session, settings, dossier_id, state, exc.status)
    except DuplicateSource as exc:
        state = FormState(values={"text": _text(form, "text")}, errors=[_duplicate_error(exc)])
        return _import_page(request, session, settings, dossier_id, state, 409)
    values = {"language": "en", "role": "report", **imports.meta_defaults(draft)}
    view = _preview_view(dossier_id, dossier, draft, FormState(values=values))
    return page(request, "import_preview.html", view)


def _import_save(
    request: Request,
    session: SessionDep,
    settings: Settings,
    dossier: DossierPublic,
    form: FormData,
) -> Response:
    values = {k: _text(form, k) for k in META_FIELDS}
    try:
        draft = imports.draft_from_carried(
            _text(form, "origin"),
            _text(form, "original"),
            _text(form, "filename"),
            _text(form, "media_type"),
            settings.max_upload_bytes,
        )
    except InvalidInput as exc:
        state = FormState(errors=[FormError(message=exc.message)])
        return _import_page(request, session, settings, dossier.id, state, exc.status)
    try:
        meta = parse_meta(values)
        source = imports.save_draft(session, dossier.id, draft, meta)
    except InvalidForm as exc:
        view = _preview_view(
            dossier.id, dossier, draft, FormState(values=values, errors=exc.errors)
        )
        return page(request, "import_preview.html", view, 422)
    except (InvalidInput, DuplicateSource) as exc:
        session.rollback()
        error = (
            _duplicate_error(exc)
            if isinstance(exc, DuplicateSource)
            else FormError(message=exc.message)
        )
        view = _preview_view(dossier.id, dossier, draft, FormState(values=values, errors=[error]))
        return page(request, "import_preview.html", view, exc.status)
    return _see_other(f"/sources/{source.id}")


# ---------------------------------------------------------------- edit a source


def _edit_view(
    session: SessionDep, source_id: int, state: FormState | None = None
) -> SourceEditView:
    source = sources.get_source(session, source_id)
    public = sources.to_public(source)
    dossier = dossiers.get_dossier(session, source.dossier_id)
    return SourceEditView(
        source=public,
        label=sources.label(source),
        dossier=DossierPublic.model_validate(dossier),
        form=state or FormState(values=meta_values(public)),
        version=public.updated_at.isoformat(),
        url=f"/sources/{source_id}/edit",
    )


@router.get("/sources/{source_id:int}/edit", include_in_schema=False)
@router.get(
    "/sources/{source_id:int}/edit.json",
    response_model=SourceEditView,
    summary="The edit form of a source (JSON twin of /sources/{id}/edit)",
)
def edit_form(request: Request, session: SessionDep, source_id: int) -> Response:
    return page(request, "source_edit.html", _edit_view(session, source_id))


@router.post("/sources/{source_id:int}/edit", include_in_schema=False)
def edit_post(request: Request, session: SessionDep, source_id: int, form: FormDep) -> Response:
    values = {k: _text(form, k) for k in META_FIELDS}
    version = _text(form, "version")
    view = _edit_view(session, source_id, FormState(values=values))
    view.version = version  # a refused form keeps the version it was opened with
    expected = parse_version(version)
    if expected is None:
        message = "This form does not say which version it edits; reload it and edit again."
        view.form.errors = [FormError(message=message, link=view.url, link_text="Reload")]
        return page(request, "source_edit.html", view, 400)
    try:
        meta = parse_meta(values)
        source_edits.update_source(
            session, source_id, SourceUpdate.model_validate(meta.model_dump()), expected
        )
    except InvalidForm as exc:
        view.form.errors = exc.errors
        return page(request, "source_edit.html", view, 422)
    except StaleEdit as exc:
        view.form.errors = [
            FormError(message=exc.message, link=view.url, link_text="Reload the form")
        ]
        return page(request, "source_edit.html", view, 409)
    return _see_other(f"/sources/{source_id}")


# ---------------------------------------------------------------- delete a source


def _delete_view(session: SessionDep, source_id: int) -> SourceDeleteView:
    source = sources.get_source(session, source_id)
    dossier = dossiers.get_dossier(session, source.dossier_id)
    return SourceDeleteView(
        source=sources.to_public(source),
        label=sources.label(source),
        dossier=DossierPublic.model_validate(dossier),
        sentences=len(sources.list_segments(session, source_id)),
        url=f"/sources/{source_id}/delete",
    )


@router.get("/sources/{source_id:int}/delete", include_in_schema=False)
@router.get(
    "/sources/{source_id:int}/delete.json",
    response_model=SourceDeleteView,
    summary="What deleting a source removes (JSON twin of /sources/{id}/delete)",
)
def delete_form(request: Request, session: SessionDep, source_id: int) -> Response:
    return page(request, "source_delete.html", _delete_view(session, source_id))


@router.post("/sources/{source_id:int}/delete", include_in_schema=False)
def delete_post(session: SessionDep, source_id: int) -> Response:
    dossier_id = source_edits.delete_source(session, source_id)
    return _see_other(f"/dossiers/{dossier_id}?trashed=source-{source_id}")


# ---------------------------------------------------------------- inline validation (htmx)


@router.post("/validate/source-meta", include_in_schema=False, response_class=HTMLResponse)
def validate_meta(request: Request, form: FormDep) -> Response:
    """The error line of one metadata field (``HX-Trigger-Name``), for checks as you type."""
    name = request.headers.get("hx-trigger-name", "")
    if name not in META_FIELDS:
        return HTMLResponse("", status_code=204)
    values = {k: _text(form, k) for k in META_FIELDS}
    try:
        parse_meta(values)
        message = None
    except InvalidForm as exc:
        message = next((e.message for e in exc.errors if e.field == name), None)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "_field_error.html", {"name": name, "message": message}
    )
