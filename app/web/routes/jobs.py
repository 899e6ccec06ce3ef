"""The comparison's progress: the banner pages poll while a dossier is being compared, and
the retry of a failed comparison."""

from __future__ import annotations

from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from app.services import comparison_jobs, comparisons
from app.services.comparison_jobs import ComparisonStatus
from app.services.comparisons import DossierComparison
from app.web.deps import SessionDep
from app.web.render import page, wants_json

router = APIRouter(tags=["pages"])

V = TypeVar("V", bound=BaseModel)


def with_status(session: SessionDep, dc: DossierComparison, view: V) -> V:
    """``view`` (possibly memoised, so copied) with the comparison's state filled in."""
    return view.model_copy(update={"comparison": comparison_jobs.status(session, dc)})


class StatusView(BaseModel):
    comparison: ComparisonStatus


@router.get("/dossiers/{dossier_id:int}/comparison", include_in_schema=False)
@router.get(
    "/dossiers/{dossier_id:int}/comparison.json",
    response_model=StatusView,
    summary="Whether the dossier's comparison is current, queued, running or failed",
)
def comparison_status(request: Request, session: SessionDep, dossier_id: int) -> Response:
    dc = comparisons.dossier_comparison(session, dossier_id)
    view = StatusView(comparison=comparison_jobs.status(session, dc))
    response = page(request, "_comparison_status.html", view)
    if not wants_json(request) and not dc.stale and request.headers.get("hx-request"):
        # Done: the page around the banner shows the old result, so reload it whole.
        response.headers["HX-Refresh"] = "true"
    return response


@router.post("/dossiers/{dossier_id:int}/comparison/retry", include_in_schema=False)
def retry_comparison(request: Request, session: SessionDep, dossier_id: int) -> Response:
    comparison_jobs.retry(session, dossier_id)
    if wants_json(request):
        return page(request, "_comparison_status.html", _job_view(session, dossier_id))
    back = request.headers.get("referer", "")
    path = back.split(str(request.base_url).rstrip("/"), 1)[-1] if back else ""
    target = path if path.startswith("/") and not path.startswith("//") else ""
    return RedirectResponse(target or f"/dossiers/{dossier_id}", status_code=303)


def _job_view(session: SessionDep, dossier_id: int) -> StatusView:
    dc = comparisons.dossier_comparison(session, dossier_id)
    return StatusView(comparison=comparison_jobs.status(session, dc))
