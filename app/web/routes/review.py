"""Review decisions: the review form (confirm, reject, link, move, detach, verify, dispute,
undo), the audit page with its JSON twin, and the JSON API.

Only editors and admins reach the POST/DELETE handlers (the guard enforces the role on every
state-changing request; forms carry the CSRF field).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from app.ids import parse_id
from app.services import comparisons, reviews
from app.services.errors import InvalidInput
from app.services.reviews import DecisionCreate, DecisionOut
from app.web.compare_common import claim_url
from app.web.deps import SessionDep
from app.web.paging import LIST_PAGE, cut
from app.web.render import page
from app.web.review_views import AuditView, audit_view, can_review
from app.web.routes.forms import LimitedRoute

router = APIRouter(tags=["review"], route_class=LimitedRoute)
api = APIRouter(prefix="/api", tags=["review"], route_class=LimitedRoute)

KIND_OF_OP = {
    "confirm": "alignment",
    "reject": "alignment",
    "link": "alignment",
    "move": "membership",
    "detach": "membership",
    "split": "membership",
    "merge": "membership",
    "verify": "claim",
    "dispute": "claim",
}
FormStr = Annotated[str, Form(max_length=200)]


def _author(request: Request) -> str:
    user = getattr(request.state, "user", None)
    return reviews.author_name(user.username if user is not None else None)


def _safe_next(target: str, fallback: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else fallback


def _form_decision(
    session: SessionDep, dossier_id: int, op: str, a: str, b: str, kind: str, note: str
) -> DecisionCreate:
    if op not in KIND_OF_OP:
        raise InvalidInput(
            "Choose what to do: confirm, reject, link, move, detach, split, merge, verify "
            "or dispute."
        )
    dc = comparisons.dossier_comparison(session, dossier_id)
    if not a or (op in reviews.NEEDS_B and not b):
        raise InvalidInput("Choose the sentence(s) this decision is about.")
    decided_kind = kind if op in ("verify", "dispute") and kind == "unique" else KIND_OF_OP[op]
    return DecisionCreate.model_validate(
        {
            "kind": decided_kind,
            "action": op,
            "a": reviews.segment_span(dc, a),
            "b": reviews.segment_span(dc, b) if op in reviews.NEEDS_B else None,
            "note": note,
        }
    )


@router.post("/dossiers/{dossier_id:int}/review", include_in_schema=False)
def review_post(
    request: Request,
    session: SessionDep,
    dossier_id: int,
    do: FormStr = "",
    op: FormStr = "",
    a: FormStr = "",
    b: FormStr = "",
    kind: FormStr = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
    at: Annotated[str, Query(max_length=20, pattern=r"^[A-Za-z0-9_-]*$")] = "",
) -> Response:
    """``do`` packs a button's op and sentence refs (``"confirm 3:1 4:0"``, ``"undo 12"``);
    ``at`` names the row the button stood in, so the editor comes back to it."""
    if do:
        op, a, b = (do.split() + ["", "", ""])[:3]
    if op == "undo":
        decision = reviews.get_decision(session, parse_id(a) or 0)
        if decision.dossier_id != dossier_id:
            raise InvalidInput("That decision belongs to another dossier.")
        reviews.delete_decision(session, decision.id or 0)
    else:
        data = _form_decision(session, dossier_id, op, a, b, kind, note)
        if op in ("split", "merge"):
            if a == b:
                raise InvalidInput(f"To {op}, choose two different sentences.")
            reviews.check_regroup(reviews.reviewed_comparison(session, dossier_id), op, a, b)
        reviews.record_decision(session, dossier_id, data, _author(request))
        if op in ("split", "merge"):
            # claim ids are positions and change with the groups: go to the claim of ``a``
            next = _claim_of(session, dossier_id, a) or next
    target = _safe_next(next, f"/dossiers/{dossier_id}")
    if at and "#" not in target:
        target = f"{target}#{at}"
    return RedirectResponse(target, status_code=303)


def _claim_of(session: SessionDep, dossier_id: int, ref: str) -> str | None:
    rc = reviews.reviewed_comparison(session, dossier_id)
    claim = rc.dc.analysis.claim_of.get(reviews.segment_key(rc.dc, ref))
    return claim_url(rc.dc, claim) if claim is not None else None


def _audit(request: Request, session: SessionDep, dossier_id: int, part: int) -> Response:
    whole = audit_view(reviews.reviewed_comparison(session, dossier_id))
    decisions, pager = cut(whole.decisions, part, LIST_PAGE, whole.url)
    view = whole.model_copy(update={"decisions": decisions, "pager": pager})
    return page(request, "audit.html", view, can_review=can_review(request))


@router.get("/dossiers/{dossier_id:int}/audit", include_in_schema=False)
@router.get(
    "/dossiers/{dossier_id:int}/audit.json",
    response_model=AuditView,
    summary="Every review decision of a dossier, newest first, with its status "
    "(twin of /dossiers/{id}/audit)",
    description=f"In pages of {LIST_PAGE}: `page` (from 1) picks one, `pager` says the total.",
)
def audit_page(
    request: Request,
    session: SessionDep,
    dossier_id: int,
    page: Annotated[int, Query(ge=1, le=2**31, description="which decisions, from 1")] = 1,
) -> Response:
    return _audit(request, session, dossier_id, page)


@api.post(
    "/dossiers/{dossier_id:int}/decisions",
    status_code=201,
    response_model=DecisionOut,
    summary="Record a review decision (anchored to the given spans of the current texts)",
)
def api_record_decision(
    request: Request, session: SessionDep, dossier_id: int, data: DecisionCreate
) -> JSONResponse:
    decision = reviews.record_decision(session, dossier_id, data, _author(request))
    return JSONResponse(
        decision.model_dump(mode="json"),
        status_code=201,
        headers={"Location": f"/dossiers/{dossier_id}/audit"},
    )


@api.delete(
    "/decisions/{decision_id:int}",
    status_code=204,
    summary="Undo (delete) a review decision",
    response_class=Response,
)
def api_delete_decision(session: SessionDep, decision_id: int) -> Response:
    reviews.delete_decision(session, decision_id)
    return Response(status_code=204)


router.include_router(api)
