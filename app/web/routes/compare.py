"""Side-by-side comparison of two sources and the claim group page, with JSON twins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.services import reviews
from app.services.errors import InvalidInput
from app.web.compare_common import render_segment
from app.web.compare_detail import claim_view, compare_view
from app.web.compare_views import ClaimView, CompareFilter, CompareView
from app.web.deps import SessionDep
from app.web.page_cache import cached_page
from app.web.page_memo import fragment, memo_view
from app.web.paging import COMPARE_PAGE, PIECE_SIDE
from app.web.render import page, wants_json
from app.web.review_views import can_review
from app.web.routes.jobs import with_status

router = APIRouter(tags=["compare"])


def _compare(
    request: Request,
    session: SessionDep,
    dossier_id: int,
    a: int | None,
    b: int | None,
    filter: CompareFilter,
    wording: bool = False,
    part: int = 1,
    conflict: int | None = None,
) -> Response:
    shown = tuple(i for i in (a, b) if i is not None)
    rc = reviews.reviewed_comparison(session, dossier_id, showing=shown)
    dc = rc.dc
    ids = [s.id for s in dc.sources if s.id is not None]
    if len(ids) < 2:
        raise InvalidInput("This dossier needs at least two sources to compare.")
    left = a if a is not None else ids[0]
    right = b if b is not None else next(i for i in ids if i != left)
    key = ("compare", left, right, filter, rc.fingerprint, part, conflict)
    built = memo_view(key, lambda: compare_view(dc, left, right, filter, rc, part, conflict))
    view = with_status(session, dc, built)
    if wants_json(request):
        return page(request, "compare.html", view)
    allowed = can_review(request)
    html = fragment(
        request,
        "_compare_grid.html",
        (*key, allowed),
        page=view,
        render_segment=render_segment,
        can_review=allowed,
    )
    return page(
        request, "compare.html", view, grid_html=html, can_review=allowed, show_wording=wording
    )


@router.get("/dossiers/{dossier_id:int}/compare", include_in_schema=False)
@router.get(
    "/dossiers/{dossier_id:int}/compare.json",
    response_model=CompareView,
    summary="Two sources side by side, claim by claim (twin of /dossiers/{id}/compare)",
    description=f"The rows come in pages of about {COMPARE_PAGE} sentences and aligned "
    "pairs: `page` (from 1) picks one; "
    "`pager` says how many rows there are and links the neighbours. A row with more than "
    f"{PIECE_SIDE} sentences a side is cut into rows of {PIECE_SIDE} (ids `<row>-<n>`).",
)
def compare_page(
    request: Request,
    session: SessionDep,
    dossier_id: int,
    a: int | None = None,
    b: int | None = None,
    filter: CompareFilter = "all",
    wording: bool = False,
    page: Annotated[int, Query(ge=1, le=2**31, description="which rows, from 1")] = 1,
    conflict: Annotated[
        int | None, Query(ge=0, le=2**31, description="open the page holding this conflict")
    ] = None,
) -> Response:
    """``wording=1`` shows the "worded differently" highlights (hidden by default, so the
    page highlights what differs in substance: unique facts and conflicts)."""
    return cached_page(
        request,
        session,
        lambda: _compare(request, session, dossier_id, a, b, filter, wording, page, conflict),
        dossier_id=dossier_id,
    )


def _claim(request: Request, session: SessionDep, dossier_id: int, claim_id: int) -> Response:
    rc = reviews.reviewed_comparison(session, dossier_id)
    view = with_status(session, rc.dc, claim_view(rc.dc, claim_id, rc))
    return page(
        request, "claim.html", view, render_segment=render_segment, can_review=can_review(request)
    )


@router.get("/dossiers/{dossier_id:int}/claims/{claim_id:int}", include_in_schema=False)
@router.get(
    "/dossiers/{dossier_id:int}/claims/{claim_id:int}.json",
    response_model=ClaimView,
    summary="One claim and each source's wording of it (twin of /dossiers/{id}/claims/{n})",
)
def claim_page(request: Request, session: SessionDep, dossier_id: int, claim_id: int) -> Response:
    return _claim(request, session, dossier_id, claim_id)
