"""Error answers sent by the pure ASGI middlewares, before any route or template runs.

They follow the app's convention: JSON ``{"detail": ...}`` for ``/api/``, ``.json`` URLs and
clients that ask for JSON first; a small HTML page otherwise.
"""

from __future__ import annotations

import json
from html import escape

from starlette.types import Scope, Send


def wants_json(scope: Scope) -> bool:
    accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
    path = str(scope.get("path", ""))
    return (
        path.endswith(".json")
        or path.startswith("/api/")
        or accept.split(",")[0].split(";")[0].strip().lower() == "application/json"
    )


async def send_error(
    scope: Scope,
    send: Send,
    status: int,
    title: str,
    message: str,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    if wants_json(scope):
        body = json.dumps({"detail": message}).encode()
        content_type = b"application/json"
    else:
        body = (
            "<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<title>{escape(title)}</title>"
            '<link rel=stylesheet href="/static/style.css"></head><body><main>'
            f'<section class="error-page"><p class="error-code">{status}</p>'
            f'<h1>{escape(title)}</h1><p class="error-message">{escape(message)}</p>'
            '<p><a href="/">Back</a></p></section></main></body></html>'
        ).encode()
        content_type = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
