"""Security headers on every response (a pure ASGI middleware: cheap on the hot path).

The app's own pages run no inline script, so the policy forbids it; the interactive API docs
(/docs, /redoc) are served from pinned local copies under the same policy.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

APP_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def security_headers() -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", APP_POLICY.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                # A route may set a stricter variant of the policy (/redoc adds a nonce).
                own_policy = any(k.lower() == b"content-security-policy" for k, _ in headers)
                headers += [h for h in extra if not (own_policy and h[0] == extra[0][0])]
                # What a signed-in user sees must not stay in shared or browser caches.
                signed_in = scope.get("state", {}).get("user") is not None
                if signed_in and not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
