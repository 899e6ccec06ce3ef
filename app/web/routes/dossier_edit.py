"""Edit a dossier's title, description and event date: the form and its JSON API twin."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from app.models import DossierPublic, DossierUpdate
from app.services import dossiers
from app.web.deps import SessionDep
from app.web.form_views import FormState, InvalidForm, parse_dossier
from app.web.render import page
from app.web.routes.forms import FormDep

router = APIRouter(tags=["dossiers"])
api = APIRouter(prefix="/api", tags=["dossiers"])
FIELDS = ("title", "description", "event_date")


class DossierEditView(BaseModel):
    dossier: DossierPublic
    url: str
    form: FormState


def _values(dossier: DossierPublic) -> dict[str, str]:
    return {
        "title": dossier.title,
        "description": dossier.description,
        "event_date": dossier.event_date.isoformat() if dossier.event_date else "",
    }


def _edit_page(
    request: Request, dossier: DossierPublic, state: FormState, status: int = 200
) -> Response:
    view = DossierEditView(dossier=dossier, url=f"/dossiers/{dossier.id}/edit", form=state)
    return page(request, "dossier_edit.html", view, status)


@router.get("/dossiers/{dossier_id:int}/edit", include_in_schema=False)
@router.get(
    "/dossiers/{dossier_id:int}/edit.json",
    response_model=DossierEditView,
    summary="The edit form of a dossier (JSON twin of /dossiers/{id}/edit)",
)
def edit_form(request: Request, session: SessionDep, dossier_id: int) -> Response:
    dossier = DossierPublic.model_validate(dossiers.get_dossier(session, dossier_id))
    return _edit_page(request, dossier, FormState(values=_values(dossier)))


@router.post("/dossiers/{dossier_id:int}/edit", include_in_schema=False)
def edit_post(request: Request, session: SessionDep, dossier_id: int, form: FormDep) -> Response:
    dossier = DossierPublic.model_validate(dossiers.get_dossier(session, dossier_id))
    values = {k: v if isinstance(v := form.get(k), str) else "" for k in FIELDS}
    try:
        data = parse_dossier(values)
    except InvalidForm as exc:
        return _edit_page(request, dossier, FormState(values=values, errors=exc.errors), 422)
    changes = DossierUpdate.model_validate(data.model_dump())
    dossiers.update_dossier(session, dossier_id, changes)
    return RedirectResponse(f"/dossiers/{dossier_id}", status_code=303)


@api.patch(
    "/dossiers/{dossier_id:int}",
    response_model=DossierPublic,
    summary="Edit a dossier's title, description or event date (twin of /dossiers/{id}/edit)",
    description="Send only the fields to change; an `event_date` of null clears it.",
)
def api_edit_dossier(session: SessionDep, dossier_id: int, changes: DossierUpdate) -> JSONResponse:
    dossier = dossiers.update_dossier(session, dossier_id, changes)
    return JSONResponse(DossierPublic.model_validate(dossier).model_dump(mode="json"))


router.include_router(api)
