"""Full-text search: ``/search`` (form and results) and its JSON twin ``/search.json``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.ids import parse_id
from app.services import search as search_service
from app.web.deps import SessionDep
from app.web.page_cache import cached_page
from app.web.paging import SEARCH_PAGE, pager_at, part_count
from app.web.render import page as render_page
from app.web.search_views import SearchView, search_view

router = APIRouter(tags=["search"])

QueryText = Annotated[str, Query(max_length=500, description='Words or "a phrase"')]
Text = Annotated[str, Query(max_length=300)]


def _int_or_none(value: str, name: str, notes: list[str]) -> int | None:
    if not value.strip():
        return None
    parsed = parse_id(value.strip())
    if parsed is not None:
        return parsed
    notes.append(f"The {name} '{value}' is not a number and was ignored.")
    return None


def _date_or_none(value: str, name: str, notes: list[str]) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        notes.append(f"The {name} '{value}' is not a date (YYYY-MM-DD) and was ignored.")
        return None


def build_view(
    session: SessionDep,
    q: str,
    dossier: str,
    outlet: str,
    date_from: str,
    date_to: str,
    *,
    offset: int,
    limit: int,
) -> SearchView:
    notes: list[str] = []
    dossier_id = _int_or_none(dossier, "dossier", notes)
    start = _date_or_none(date_from, "start date", notes)
    end = _date_or_none(date_to, "end date", notes)
    results = search_service.search(
        session, q, dossier_id, outlet.strip(), start, end, limit=limit, offset=offset
    )
    return search_view(
        results,
        dossier_id=dossier_id,
        outlet=outlet.strip(),
        date_from=start,
        date_to=end,
        dossiers=search_service.dossier_choices(session),
        notes=notes,
        outlets=search_service.outlet_choices(session),
    )


@router.get("/search", include_in_schema=False)
@router.get(
    "/search.json",
    response_model=SearchView,
    summary="Full-text search across sources (JSON twin of /search)",
    description=(
        'Words are matched on their normalised forms ("7th" finds "seventh", "defence" '
        'finds "defense"), all of them by default or `AND`; `OR` separates alternatives; '
        "put a phrase in double quotes; the last word also matches as a prefix. `dossier` "
        "(id), `outlet` (exact, case-insensitive) and `date_from`/`date_to` (YYYY-MM-DD, "
        "publication date) filter the hits. Any query is accepted. A source hit's `url` "
        "opens the source at the matching sentence (the part holding it). Hits come "
        f"{SEARCH_PAGE} a page: `page` (from 1) picks one, `count` and `pager` say how many "
        "there are in all (an estimate for some phrase queries: `count_exact`) and link the "
        "neighbours."
    ),
)
def search_page(
    request: Request,
    session: SessionDep,
    q: QueryText = "",
    dossier: Text = "",
    outlet: Text = "",
    date_from: Text = "",
    date_to: Text = "",
    page: Annotated[int, Query(ge=1, le=2**31, description="which hits, from 1")] = 1,
) -> Response:
    filters = (q, dossier, outlet, date_from, date_to)
    return cached_page(request, session, lambda: _search(request, session, filters, page))


def _search(
    request: Request, session: SessionDep, filters: tuple[str, str, str, str, str], page: int
) -> Response:
    url = f"/search?{request.url.query}" if request.url.query else "/search"
    view = build_view(session, *filters, offset=(page - 1) * SEARCH_PAGE, limit=SEARCH_PAGE)
    last = part_count(view.count, SEARCH_PAGE)
    if page > last:  # past the end: the last page, as the other pagers do
        page = last
        view = build_view(session, *filters, offset=(page - 1) * SEARCH_PAGE, limit=SEARCH_PAGE)
    pager = pager_at(page, view.count, len(view.hits), SEARCH_PAGE, url)
    return render_page(request, "search.html", view.model_copy(update={"pager": pager}))
