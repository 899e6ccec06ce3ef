"""Refuse request bodies over the upload limit before anything parses them (413)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.services.imports import request_limit


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_upload_bytes: int) -> None:
        self.app = app
        # The import form's save step carries the upload base64-encoded, hence the allowance.
        self.limit = request_limit(max_upload_bytes)
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = (
            f"The upload is too large: the limit is {self.max_upload_bytes:,} bytes "
            f"({self.max_upload_bytes // 1024:,} KiB)."
        )
        accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
        path = str(scope.get("path", ""))
        json_wanted = (
            path.endswith(".json")
            or path.startswith("/api/")
            or accept.split(",")[0].strip().lower().startswith("application/json")
        )
        if not json_wanted:
            body = (
                "<!doctype html><html lang=en><head><meta charset=utf-8><title>Too large</title>"
                '<link rel=stylesheet href="/static/style.css"></head><body><main>'
                f'<section class="error-page"><p class="error-code">413</p><h1>Too large</h1>'
                f'<p class="error-message">{message}</p><p><a href="/">Back</a></p>'
                "</section></main></body></html>"
            ).encode()
            content_type = b"text/html; charset=utf-8"
        else:
            body = json.dumps({"detail": message}).encode()
            content_type = b"application/json"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", content_type), (b"connection", b"close")],
            }
        )
        await send({"type": "http.response.body", "body": body})
