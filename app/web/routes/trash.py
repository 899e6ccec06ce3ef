"""The trash: delete a dossier (with confirmation), restore dossiers and sources, list the trash."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from app.models import DossierPublic
from app.services import dossiers, sources, trash
from app.web.deps import SessionDep
from app.web.render import page

router = APIRouter(tags=["trash"])
api = APIRouter(prefix="/api", tags=["trash"])


class TrashedSource(BaseModel):
    id: int
    label: str
    dossier_id: int
    dossier_title: str
    deleted_at: datetime


class TrashView(BaseModel):
    dossiers: list[DossierPublic]
    sources: list[TrashedSource]
    purge_hint: str = "communique purge --older-than-days 30"


class DossierDeleteView(BaseModel):
    dossier: DossierPublic
    source_count: int


def _trash_view(session: SessionDep) -> TrashView:
    found = trash.contents(session)
    titles = {d.id: d.title for d in dossiers.list_all(session)}
    return TrashView(
        dossiers=[DossierPublic.model_validate(d) for d in found.dossiers],
        sources=[
            TrashedSource(
                id=s.id or 0,
                label=sources.label(s),
                dossier_id=s.dossier_id,
                dossier_title=titles.get(s.dossier_id, ""),
                deleted_at=s.deleted_at or s.updated_at,
            )
            for s in found.sources
        ],
    )


@router.get("/trash", include_in_schema=False)
@router.get("/trash.json", response_model=TrashView, summary="Deleted dossiers and sources")
def trash_page(request: Request, session: SessionDep) -> Response:
    return page(request, "trash.html", _trash_view(session))


def _delete_view(session: SessionDep, dossier_id: int) -> DossierDeleteView:
    dossier = dossiers.get_dossier(session, dossier_id)
    return DossierDeleteView(
        dossier=DossierPublic.model_validate(dossier),
        source_count=len(sources.list_sources(session, dossier_id)),
    )


@router.get("/dossiers/{dossier_id:int}/delete", include_in_schema=False)
def dossier_delete_form(request: Request, session: SessionDep, dossier_id: int) -> Response:
    return page(request, "dossier_delete.html", _delete_view(session, dossier_id))


@router.post("/dossiers/{dossier_id:int}/delete", include_in_schema=False)
def dossier_delete(session: SessionDep, dossier_id: int) -> Response:
    trash.trash_dossier(session, dossier_id)
    return RedirectResponse(f"/?trashed=dossier-{dossier_id}", status_code=303)


@router.post("/trash/dossiers/{dossier_id:int}/restore", include_in_schema=False)
def dossier_restore(session: SessionDep, dossier_id: int) -> Response:
    trash.restore_dossier(session, dossier_id)
    return RedirectResponse(f"/dossiers/{dossier_id}", status_code=303)


@router.post("/trash/sources/{source_id:int}/restore", include_in_schema=False)
def source_restore(session: SessionDep, source_id: int) -> Response:
    trash.restore_source(session, source_id)
    return RedirectResponse(f"/sources/{source_id}", status_code=303)


@api.delete(
    "/dossiers/{dossier_id:int}",
    status_code=204,
    response_class=Response,
    summary="Move a dossier to the trash (restorable until purged)",
)
def api_delete_dossier(session: SessionDep, dossier_id: int) -> Response:
    trash.trash_dossier(session, dossier_id)
    return Response(status_code=204)


@api.post(
    "/dossiers/{dossier_id:int}/restore",
    response_model=DossierPublic,
    summary="Restore a dossier from the trash",
)
def api_restore_dossier(session: SessionDep, dossier_id: int) -> DossierPublic:
    return DossierPublic.model_validate(trash.restore_dossier(session, dossier_id))


@api.post("/sources/{source_id:int}/restore", summary="Restore a source from the trash")
def api_restore_source(session: SessionDep, source_id: int) -> dict[str, int | str]:
    source = trash.restore_source(session, source_id)
    return {"id": source.id or 0, "url": f"/sources/{source.id}"}


router.include_router(api)
