"""Home, dossier overview and source pages, each with its JSON twin (``.json``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response

from app.models import DossierPublic
from app.services import dossiers, reviews, sources
from app.settings import REPO_ROOT
from app.web.compare_common import render_segment
from app.web.compare_detail import source_page_view
from app.web.compare_overview import overview_view
from app.web.compare_views import MatrixSort, SourcePageView
from app.web.deps import SessionDep
from app.web.overview_arrange import ArrangedOverview, Arrangement, MatrixShow, SourceSort, arrange
from app.web.page_cache import cached_page
from app.web.page_memo import fragment, memo_view
from app.web.paging import HOME_PAGE, MATRIX_PAGE, SOURCE_PART, pager_at, part_count
from app.web.render import page, source_etag, wants_json
from app.web.render import page as render
from app.web.routes.jobs import with_status
from app.web.views import DossierListItem, HomeView

router = APIRouter(tags=["pages"])


def home_view(session: SessionDep, part: int = 1, url: str = "/") -> HomeView:
    """Part ``part`` of the dossier list (most recently changed first), with its pager."""
    # Only this part's dossiers are loaded and summed; a part past the last shows the last.
    shown, total = dossiers.dossier_page(session, (part - 1) * HOME_PAGE, HOME_PAGE)
    last = part_count(total, HOME_PAGE)
    if part > last:
        part = last
        shown, total = dossiers.dossier_page(session, (part - 1) * HOME_PAGE, HOME_PAGE)
    pager = pager_at(part, total, len(shown), HOME_PAGE, url)
    items = [
        DossierListItem(
            dossier=DossierPublic.model_validate(s.dossier),
            source_count=s.source_count,
            first_date=s.first_date,
            last_date=s.last_date,
            last_change=s.last_change,
            url=f"/dossiers/{s.dossier.id}",
        )
        for s in shown
    ]
    return HomeView(dossiers=items, pager=pager)


HomePart = Annotated[int, Query(ge=1, le=2**31, description="which dossiers, from 1")]


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page links; answer with the SVG icon."""
    return FileResponse(REPO_ROOT / "static" / "favicon.svg", media_type="image/svg+xml")


@router.get("/", include_in_schema=False)
def home(request: Request, session: SessionDep, page: HomePart = 1) -> Response:
    return cached_page(
        request, session, lambda: render(request, "home.html", home_view(session, page, "/"))
    )


@router.get(
    "/index.json",
    response_model=HomeView,
    summary="Dossiers, most recently changed first (JSON twin of /)",
    description=f"In pages of {HOME_PAGE}: `page` (from 1) picks one, `pager` says the total "
    "and links the neighbours.",
)
def home_json(request: Request, session: SessionDep, page: HomePart = 1) -> Response:
    return cached_page(
        request,
        session,
        lambda: render(request, "home.html", home_view(session, page, "/index.json")),
    )


def _overview(
    request: Request, session: SessionDep, dossier_id: int, a: Arrangement, part: int
) -> Response:
    rc = reviews.reviewed_comparison(session, dossier_id)
    key = ("overview", a.sort, rc.fingerprint)
    base = with_status(session, rc.dc, memo_view(key, lambda: overview_view(rc.dc, a.sort, rc)))
    view = arrange(base, a, part)
    if wants_json(request):
        return page(request, "dossier.html", view)
    html = fragment(
        request,
        "_coverage.html",
        (*key, a.show, view.arrangement.source, view.matrix_pager.part),
        page=view,
    )
    return page(request, "dossier.html", view, coverage_html=html)


@router.get("/dossiers/{dossier_id:int}", include_in_schema=False)
@router.get(
    "/dossiers/{dossier_id:int}.json",
    response_model=ArrangedOverview,
    summary="A dossier's overview: sources, coverage matrix, chart, conflicts (twin of "
    "/dossiers/{id})",
    description="`by` (and `desc=1`) sort the sources table by a column; `sort` orders the "
    "matrix rows; `show` (all, shared, unique) and `source` (a source id: its claims only) "
    "filter them; the matrix comes in pages of "
    f"{MATRIX_PAGE} rows: `page` (from 1) picks one, `matrix_pager` says the total and links "
    "the neighbours. Only the first conflicts are listed (`conflicts_total` says how many).",
)
def dossier_page(
    request: Request,
    session: SessionDep,
    dossier_id: int,
    sort: MatrixSort = "coverage",
    by: SourceSort = "added",
    desc: bool = False,
    show: MatrixShow = "all",
    source: Annotated[int | None, Query(ge=1, le=2**53)] = None,
    page: Annotated[int, Query(ge=1, le=2**31, description="matrix page, from 1")] = 1,
) -> Response:
    arrangement = Arrangement(by=by, desc=desc, sort=sort, show=show, source=source)
    return cached_page(
        request,
        session,
        lambda: _overview(request, session, dossier_id, arrangement, page),
        dossier_id=dossier_id,
    )


def _source(request: Request, session: SessionDep, source_id: int, part: int) -> Response:
    source = sources.get_source(session, source_id)
    rc = reviews.reviewed_comparison(session, source.dossier_id, showing=(source_id,))
    dc = rc.dc
    key = ("source", source_id, rc.fingerprint, part)
    built = memo_view(key, lambda: source_page_view(dc, source_id, part))
    view = with_status(session, dc, built)
    if wants_json(request):
        response = page(request, "source.html", view)
        response.headers["ETag"] = source_etag(view.source.updated_at)
        return response
    assert view.pager is not None
    html = fragment(
        request,
        "_source_text.html",
        key,
        page=view,
        render_segment=render_segment,
    )
    return page(request, "source.html", view, text_html=html)


@router.get("/sources/{source_id:int}", include_in_schema=False)
@router.get(
    "/sources/{source_id:int}.json",
    response_model=SourcePageView,
    summary="A source sentence by sentence, each marked shared, unique or in conflict "
    "(twin of /sources/{id})",
    description=f"A long source comes in parts of {SOURCE_PART} sentences: `part` (from 1) "
    "picks one; `pager` says the total and links the previous and next parts, and `text` is "
    "the stretch of the source those sentences cover (from offset `text_start`). Sentence n "
    f"is on part n // {SOURCE_PART} + 1 (anchor `#s{{n}}`).",
)
def source_page(
    request: Request,
    session: SessionDep,
    source_id: int,
    part: Annotated[int, Query(ge=1, le=2**31, description="which part, from 1")] = 1,
) -> Response:
    return cached_page(
        request, session, lambda: _source(request, session, source_id, part), source_id=source_id
    )
