"""The trash: delete a dossier (with confirmation), restore dossiers and sources, list the trash."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from app.models import DossierPublic
from app.services import dossiers, sources, trash
from app.web.deps import SessionDep
from app.web.paging import LIST_PAGE, Pager, cut
from app.web.render import page
from app.web.render import page as render_page

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
    dossiers_pager: Pager | None = Field(default=None, description="`dossier_page` of the list")
    sources_pager: Pager | None = Field(default=None, description="`page` of the list")
    purge_hint: str = "communique purge --older-than-days 30"


class DossierDeleteView(BaseModel):
    dossier: DossierPublic
    source_count: int


def _trash_view(session: SessionDep, part: int = 1, dossier_part: int = 1) -> TrashView:
    found = trash.contents(session)
    titles = {d.id: d.title for d in dossiers.list_all(session)}
    shown, dossiers_pager = cut(found.dossiers, dossier_part, LIST_PAGE, "/trash", "dossier_page")
    trashed, sources_pager = cut(found.sources, part, LIST_PAGE, "/trash")
    return TrashView(
        dossiers_pager=dossiers_pager,
        sources_pager=sources_pager,
        dossiers=[DossierPublic.model_validate(d) for d in shown],
        sources=[
            TrashedSource(
                id=s.id or 0,
                label=sources.label(s),
                dossier_id=s.dossier_id,
                dossier_title=titles.get(s.dossier_id, ""),
                deleted_at=s.deleted_at or s.updated_at,
            )
            for s in trashed
        ],
    )


@router.get("/trash", include_in_schema=False)
@router.get(
    "/trash.json",
    response_model=TrashView,
    summary="Deleted dossiers and sources",
    description=f"Each list in pages of {LIST_PAGE}: `page` (sources) and `dossier_page` "
    "(dossiers), from 1; `sources_pager` and `dossiers_pager` say the totals.",
)
def trash_page(
    request: Request,
    session: SessionDep,
    page: Annotated[int, Query(ge=1, le=2**31, description="sources page, from 1")] = 1,
    dossier_page: Annotated[int, Query(ge=1, le=2**31, description="dossiers page")] = 1,
) -> Response:
    return render_page(request, "trash.html", _trash_view(session, page, dossier_page))


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
