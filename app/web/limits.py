"""Refuse request bodies over the upload limit before anything parses them (413)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.ids import parse_id
from app.services.imports import request_limit
from app.web.asgi_errors import send_error


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
        size = parse_id(declared.decode("latin-1")) if declared is not None else None
        if size is not None and size > self.limit:
            await self._refuse(scope, send)
            return
        received = 0
        started = refused = False

        async def counting_receive() -> Message:
            # Past the limit nothing more is read: the 413 goes out at once and the app sees
            # a disconnect, whatever its body parser does with it (FastAPI turned the old
            # exception into a 400 after reading on).
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                refused = True
                if not started:
                    await self._refuse(scope, send)
                return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the app's answer to a body it never got in full
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except Exception:
            if not refused:
                raise

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = (
            f"The upload is too large: the limit is {self.max_upload_bytes:,} bytes "
            f"({self.max_upload_bytes // 1024:,} KiB)."
        )
        await send_error(scope, send, 413, "Too large", message, [(b"connection", b"close")])
