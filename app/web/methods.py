"""HEAD answered like GET without a body, and a 405's ``Allow`` listing what the path takes.

FastAPI routes declare GET only, so HEAD (used by link checkers, monitors and ``curl -I``)
got 405; answering it as the GET it mirrors keeps every header, Content-Length included.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGetMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


CANDIDATES = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(routes: list[BaseRoute], scope: Scope) -> list[str]:
    """Every method some route fully matches on this path (HEAD wherever GET is).

    Asked route by route, method by method, so nested routers answer for themselves."""
    allowed = [
        m
        for m in CANDIDATES
        if any(r.matches({**scope, "method": m})[0] == Match.FULL for r in routes)
    ]
    return ["HEAD", *allowed] if "GET" in allowed else allowed
