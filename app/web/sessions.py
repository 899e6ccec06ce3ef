"""Signed-cookie sessions and the CSRF token, as one small pure ASGI middleware.

- The session cookie holds only ``{"uid": id}``, signed with itsdangerous (HttpOnly,
  SameSite=Lax, Secure when the request came over HTTPS, 14 days).
- Every browser also gets a random CSRF token in its own signed cookie (even with no account,
  since personal installs need CSRF protection too); forms echo it in a hidden field and htmx
  sends it in the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import json
import secrets
from http.cookies import SimpleCookie
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "communique_session"
CSRF_COOKIE = "communique_csrf"
MAX_AGE = 14 * 24 * 3600


class SessionMiddleware:
    def __init__(self, app: ASGIApp, secret_key: str) -> None:
        self.app = app
        self.signer = URLSafeTimedSerializer(secret_key, salt="communique")

    def _load(self, raw: str | None) -> dict[str, Any]:
        if not raw:
            return {}
        try:
            data = self.signer.loads(raw, max_age=MAX_AGE)
        except BadSignature:
            return {}
        return data if isinstance(data, dict) else {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        session = self._load(cookies.get(SESSION_COOKIE))
        csrf = self._load(cookies.get(CSRF_COOKIE)).get("t")
        fresh_csrf = not isinstance(csrf, str)
        if fresh_csrf:
            csrf = secrets.token_urlsafe(32)
        before = json.dumps(session, sort_keys=True)
        scope["session"] = session
        scope.setdefault("state", {})["csrf_token"] = csrf
        secure = scope.get("scheme") == "https"

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if json.dumps(scope["session"], sort_keys=True) != before:
                    value = self.signer.dumps(scope["session"]) if scope["session"] else ""
                    headers.append("set-cookie", _cookie(SESSION_COOKIE, value, secure))
                if fresh_csrf:
                    headers.append(
                        "set-cookie", _cookie(CSRF_COOKIE, self.signer.dumps({"t": csrf}), secure)
                    )
            await send(message)

        await self.app(scope, receive, send_with_cookies)


def _cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001  (a malformed cookie header is just ignored)
                continue
    return {key: morsel.value for key, morsel in jar.items()}


def _cookie(name: str, value: str, secure: bool) -> str:
    age = MAX_AGE if value else 0
    parts = [f"{name}={value}", "Path=/", f"Max-Age={age}", "HttpOnly", "SameSite=Lax"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)
