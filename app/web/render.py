"""One view model, two formats: HTML through Jinja or JSON (the page's twin).

A page answers JSON when its URL ends in ``.json`` or the client asks for
``application/json`` first; every HTML answer links its twin with ``Link: rel=alternate``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup
from pydantic import BaseModel

from app.settings import REPO_ROOT


@pass_context
def csrf_field(context: Mapping[str, Any]) -> Markup:
    """The hidden CSRF input every state-changing form carries."""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(
        csrf_token(context["request"])
    )


def csrf_token(request: Request) -> str:
    return str(getattr(request.state, "csrf_token", ""))


_QUOTE_PAIRS = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019", "'": "'", "\u00ab": "\u00bb"}


def unquote(text: str) -> str:
    """``text`` without one pair of enclosing quote marks: a ``<q>`` element draws its own."""
    stripped = text.strip()
    if len(stripped) >= 2 and _QUOTE_PAIRS.get(stripped[0]) == stripped[-1]:
        inner = stripped[1:-1]
        # "“a” and “b”" is two quotes, not one: keep its marks.
        if stripped[0] not in inner and stripped[-1] not in inner:
            return inner
    return text


def quote_element(text: str) -> Markup:
    """``text`` in a ``<q>`` element, which draws quote marks: marks the text carries itself
    (a sentence that opens with a quotation) are not doubled."""
    inner = unquote(text)
    if inner is text and text.strip()[:1] in _QUOTE_PAIRS:
        return Markup('<q class="own-marks">{}</q>').format(text)
    return Markup("<q>{}</q>").format(inner)


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(REPO_ROOT / "templates"))
    templates.env.globals["app_name"] = "Communiqué"
    templates.env.globals["csrf_field"] = csrf_field
    templates.env.globals["csrf_token"] = csrf_token
    templates.env.globals["quoted"] = quote_element
    return templates


def wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    first = accept.split(",")[0].split(";")[0].strip().lower()
    return first == "application/json"


def json_url(request: Request) -> str:
    path = request.url.path.rstrip("/") or ""
    twin = f"{path}.json" if path else "/index.json"
    return f"{twin}?{request.url.query}" if request.url.query else twin


def page(
    request: Request,
    template: str,
    view: BaseModel,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    """Render ``view`` as HTML via ``template`` or as its JSON twin."""
    if wants_json(request):
        return JSONResponse(view.model_dump(mode="json"), status_code=status_code)
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request,
        template,
        {"page": view, "json_url": json_url(request), **extra},
        status_code=status_code,
    )
    response.headers["Link"] = f'<{json_url(request)}>; rel="alternate"; type="application/json"'
    return response


def source_etag(updated_at: datetime) -> str:
    """A source's entity tag: its version, as ``If-Match`` on an edit takes it back."""
    return f'"{updated_at.isoformat()}"'


# Exports asked for as a file get their error in that format, so a script reading the
# file (or a spreadsheet opening it) sees a message rather than an HTML page.
def _export_error(path: str, status_code: int, message: str) -> Response | None:
    if path.endswith(".csv"):
        quoted = message.replace('"', '""')
        body = f'detail\r\n"{quoted}"\r\n'
        return Response(body, status_code, media_type="text/csv; charset=utf-8")
    if path.endswith(".md"):
        body = f"# Error {status_code}\n\n{message}\n"
        return Response(body, status_code, media_type="text/markdown; charset=utf-8")
    return None


def error_page(
    request: Request, status_code: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    response = _error_response(request, status_code, message)
    response.headers.update(headers or {})
    return response


def _error_response(request: Request, status_code: int, message: str) -> Response:
    if wants_json(request) or request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status_code)
    exported = _export_error(request.url.path, status_code, message)
    if exported is not None:
        return exported
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status_code": status_code, "message": message},
        status_code=status_code,
    )


HTML = HTMLResponse
