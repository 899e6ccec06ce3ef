"""The interactive API docs, from the app's own pinned copies of Swagger UI and ReDoc.

FastAPI's default pages load both from a CDN, with floating versions, no integrity and an
inline bootstrap script (blank offline, and a weaker CSP). These pages load
``static/vendor/swagger-ui-*`` and ``static/vendor/redoc-*`` (vendored from the npm registry
with their licences) and start them from a static script, under the app's normal CSP.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.security import APP_POLICY

router = APIRouter(tags=["docs"], include_in_schema=False)

SWAGGER_UI = "/static/vendor/swagger-ui-5.35.0"
REDOC = "/static/vendor/redoc-2.5.2"


# ReDoc styles itself with <style> elements (styled-components). It stamps them with the
# nonce given to Redoc.init; the one it adds while its bundle loads (perfect-scrollbar's CSS)
# is allowed by its hash. Scripts stay 'self' only. The browser test fails on any violation.
# (the second hash is that of an empty <style>, which styled-components fills through CSSOM).
REDOC_STYLE_HASHES = (
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc=' "
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
)


def _redoc_policy(nonce: str) -> str:
    return APP_POLICY.replace(
        "style-src 'self'", f"style-src 'self' 'nonce-{nonce}' {REDOC_STYLE_HASHES}"
    )


def _page(title: str, head: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>{head}</head><body>{body}</body></html>"
    )


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    return _page(
        "Communiqué API (Swagger UI)",
        f'<link rel="stylesheet" href="{SWAGGER_UI}/swagger-ui.css">',
        '<div id="swagger-ui" data-openapi-url="/openapi.json"></div>'
        f'<script src="{SWAGGER_UI}/swagger-ui-bundle.js"></script>'
        '<script src="/static/docs-swagger.js"></script>',
    )


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    response = _page(
        "Communiqué API (ReDoc)",
        "",
        f'<div id="redoc" data-openapi-url="/openapi.json" data-nonce="{nonce}"></div>'
        f'<script src="{REDOC}/redoc.standalone.js"></script>'
        '<script src="/static/docs-redoc.js"></script>',
    )
    response.headers["Content-Security-Policy"] = _redoc_policy(nonce)
    return response
