"""Editor views of a dossier: coverage of the primary statement, quote check, exports, report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from app.services import comparisons, coverage_views, exports, exports_markdown
from app.web.deps import SessionDep
from app.web.editor_views import CoverageView, QuotesView, coverage_view, marked, quotes_view
from app.web.page_memo import memo_view
from app.web.render import page

router = APIRouter(tags=["editor"])

PrimaryParam = Annotated[
    int | None,
    Query(description="id of the primary source to use (default: the dossier's first primary)"),
]


def _editor_page(
    request: Request, session: SessionDep, dossier_id: int, primary: int | None, kind: str
) -> Response:
    """The coverage or quote-check page (``kind``), memoised per primary and content."""
    dcv = coverage_views.dossier_coverage(session, dossier_id, primary)
    build = coverage_view if kind == "coverage" else quotes_view
    key = (f"editor-{kind}", dcv.primary, dcv.comparison.fingerprint)
    view = memo_view(key, lambda: build(dcv))
    return page(request, f"{kind}.html", view, marked=marked)


@router.get("/dossiers/{dossier_id:int}/coverage", include_in_schema=False)
@router.get(
    "/dossiers/{dossier_id:int}/coverage.json",
    response_model=CoverageView,
    summary="Coverage of the primary statement: each clause quoted, paraphrased or omitted "
    "by each report, what each report adds, figures per report (twin of /dossiers/{id}/coverage)",
)
def coverage_page(
    request: Request, session: SessionDep, dossier_id: int, primary: PrimaryParam = None
) -> Response:
    return _editor_page(request, session, dossier_id, primary, "coverage")


@router.get("/dossiers/{dossier_id:int}/quotes", include_in_schema=False)
@router.get(
    "/dossiers/{dossier_id:int}/quotes.json",
    response_model=QuotesView,
    summary="Quote check: every passage a report puts in quotation marks, located in the "
    "primary as exact, misquote or unverifiable (twin of /dossiers/{id}/quotes)",
)
def quotes_page(
    request: Request, session: SessionDep, dossier_id: int, primary: PrimaryParam = None
) -> Response:
    return _editor_page(request, session, dossier_id, primary, "quotes")


# ---------------------------------------------------------------- exports


def _download(session: SessionDep, dossier_id: int, body: bytes, ext: str, media: str) -> Response:
    title = comparisons.dossier_comparison(session, dossier_id).dossier.title
    name = exports.filename(title, dossier_id, ext)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=media, headers=headers)


def _doc(media: str, description: str) -> dict[int | str, dict[str, Any]]:
    schema = {"type": "object"} if media == "application/json" else {"type": "string"}
    return {200: {"description": description, "content": {media: {"schema": schema}}}}


@router.get(
    "/dossiers/{dossier_id:int}/export.json",
    response_class=Response,
    summary="Export: the dossier, its sources, the full comparison document and the review "
    "decisions (deterministic)",
    responses=_doc("application/json", "format 'communique.dossier-export', version 1"),
)
def export_json(session: SessionDep, dossier_id: int) -> Response:
    body = exports.json_export(session, dossier_id)
    return _download(session, dossier_id, body, "json", "application/json")


@router.get(
    "/dossiers/{dossier_id:int}/export.csv",
    response_class=Response,
    summary="Export: the coverage matrix as CSV, one row per claim, one column per source",
    responses=_doc("text/csv", "cells name the source's sentences in the claim (s3 s5)"),
)
def export_csv(session: SessionDep, dossier_id: int) -> Response:
    body = exports.csv_export(session, dossier_id)
    return _download(session, dossier_id, body, "csv", "text/csv; charset=utf-8")


@router.get(
    "/dossiers/{dossier_id:int}/export.md",
    response_class=Response,
    summary="Export: a Markdown report (sources, shared claims, unique facts, conflicts, "
    "primary coverage, decisions)",
    responses=_doc("text/markdown", "the report in Markdown"),
)
def export_markdown(session: SessionDep, dossier_id: int) -> Response:
    body = exports_markdown.markdown_export(session, dossier_id)
    return _download(session, dossier_id, body, "md", "text/markdown; charset=utf-8")


@router.get("/dossiers/{dossier_id:int}/report", include_in_schema=False)
def report_page(request: Request, session: SessionDep, dossier_id: int) -> Response:
    report = exports.report(session, dossier_id)
    templates: Jinja2Templates = request.app.state.templates
    twin = f"/dossiers/{dossier_id}/export.json"
    response = templates.TemplateResponse(
        request,
        "report.html",
        {"report": report, "json_url": twin},
    )
    response.headers["Link"] = f'<{twin}>; rel="alternate"; type="application/json"'
    return response
