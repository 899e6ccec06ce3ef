"""Answer only to the host names in the ``trusted_hosts`` setting (stops DNS rebinding).

A page on ``rebind.attacker.example`` whose name is re-pointed at 127.0.0.1 reaches a
loopback server with its own Host header and a matching Origin, so the CSRF origin check
passes; refusing unknown Host headers closes that. The check is Starlette's
``TrustedHostMiddleware`` logic with an answer that says which setting to change.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from app.web.asgi_errors import send_error


def host_name(host_header: str) -> str:
    """``example.org:8000`` -> ``example.org``; ``[::1]:8000`` -> ``[::1]``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(name: str, allowed: list[str]) -> bool:
    for pattern in allowed:
        if pattern == "*" or name == pattern:
            return True
        if pattern.startswith("*.") and (name.endswith(pattern[1:]) or name == pattern[2:]):
            return True
    return False


class TrustedHostsMiddleware:
    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.allowed = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        raw = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
        name = host_name(raw)
        if host_allowed(name, self.allowed):
            await self.app(scope, receive, send)
            return
        shown = name[:100] or "(none)"
        await send_error(
            scope,
            send,
            400,
            "Unknown host name",
            f"This server does not answer to the host name '{shown}'. If that name is "
            "yours, add it to the trusted_hosts setting (COMMUNIQUE_TRUSTED_HOSTS).",
        )
