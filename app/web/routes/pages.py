"""Home, dossier and source pages, each with its JSON twin (``.json``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import func
from sqlmodel import col, select

from app.models import DossierPublic, Segment, SegmentPublic
from app.services import dossiers, sources
from app.web.deps import SessionDep
from app.web.render import page
from app.web.views import (
    DossierListItem,
    DossierView,
    HomeView,
    SourceListItem,
    SourceView,
)

router = APIRouter(tags=["pages"])


def home_view(session: SessionDep) -> HomeView:
    return HomeView(
        dossiers=[
            DossierListItem(
                dossier=DossierPublic.model_validate(s.dossier),
                source_count=s.source_count,
                first_date=s.first_date,
                last_date=s.last_date,
                last_change=s.last_change,
                url=f"/dossiers/{s.dossier.id}",
            )
            for s in dossiers.list_dossiers(session)
        ]
    )


@router.get("/", include_in_schema=False)
def home(request: Request, session: SessionDep) -> Response:
    return page(request, "home.html", home_view(session))


@router.get("/index.json", response_model=HomeView, summary="Dossiers (JSON twin of /)")
def home_json(request: Request, session: SessionDep) -> Response:
    return page(request, "home.html", home_view(session))


def dossier_view(session: SessionDep, dossier_id: int) -> DossierView:
    dossier = dossiers.get_dossier(session, dossier_id)
    rows = sources.list_sources(session, dossier_id)
    counts: dict[int | None, int] = dict(
        session.exec(
            select(col(Segment.source_id), func.count(col(Segment.id)))
            .where(col(Segment.source_id).in_([s.id for s in rows]))
            .group_by(col(Segment.source_id))
        ).all()
    )
    return DossierView(
        dossier=DossierPublic.model_validate(dossier),
        sources=[
            SourceListItem(
                source=sources.to_public(s),
                label=sources.label(s),
                segment_count=counts.get(s.id, 0),
                url=f"/sources/{s.id}",
            )
            for s in rows
        ],
        url=f"/dossiers/{dossier_id}",
    )


@router.get("/dossiers/{dossier_id:int}", include_in_schema=False)
def dossier_page(request: Request, session: SessionDep, dossier_id: int) -> Response:
    return page(request, "dossier.html", dossier_view(session, dossier_id))


@router.get(
    "/dossiers/{dossier_id:int}.json",
    response_model=DossierView,
    summary="A dossier and its sources (JSON twin of /dossiers/{id})",
)
def dossier_json(request: Request, session: SessionDep, dossier_id: int) -> Response:
    return page(request, "dossier.html", dossier_view(session, dossier_id))


def source_view(session: SessionDep, source_id: int) -> SourceView:
    source = sources.get_source(session, source_id)
    dossier = dossiers.get_dossier(session, source.dossier_id)
    return SourceView(
        source=sources.to_public(source),
        label=sources.label(source),
        dossier=DossierPublic.model_validate(dossier),
        text=source.text,
        segments=[
            SegmentPublic(
                position=seg.position,
                start=seg.start,
                end=seg.end,
                kind=seg.kind,
                text=source.text[seg.start : seg.end],
            )
            for seg in sources.list_segments(session, source_id)
        ],
        url=f"/sources/{source_id}",
    )


@router.get("/sources/{source_id:int}", include_in_schema=False)
def source_page(request: Request, session: SessionDep, source_id: int) -> Response:
    return page(request, "source.html", source_view(session, source_id))


@router.get(
    "/sources/{source_id:int}.json",
    response_model=SourceView,
    summary="A source with its segments (JSON twin of /sources/{id})",
)
def source_json(request: Request, session: SessionDep, source_id: int) -> Response:
    return page(request, "source.html", source_view(session, source_id))
