"""Who may do what, and CSRF checks: one dependency applied to every route.

Modes:
- no users yet (personal install): everything works without signing in when the server is
  bound to loopback; on any other interface only reading works until an admin exists;
- users exist: state-changing requests need an editor, /admin needs an admin, and reading
  needs a signed-in user unless ``anonymous_read`` is on.

CSRF: a state-changing request must carry the CSRF token (form field ``csrf_token`` or header
``X-CSRF-Token``), unless it is one a browser cannot send cross-site without a CORS preflight
(a JSON body, PUT/PATCH/DELETE, or an ``/api/`` call with an ``X-Requested-With`` header) or
it authenticates with an API token instead of cookies. The app enables no CORS, so such a
preflight always fails. A foreign ``Origin`` is refused in every case.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import quote, urlsplit

from fastapi import Request
from sqlmodel import Session

from app.models_accounts import Role, User, UserPublic
from app.services import accounts, user_sessions
from app.services.errors import ServiceError
from app.services.imports import request_limit
from app.settings import Settings
from app.web.deps import SessionDep

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PREFLIGHTED_METHODS = {"PUT", "PATCH", "DELETE"}
OPEN_PATHS = ("/static/", "/healthz", "/login", "/logout", "/openapi.json", "/docs", "/redoc")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Changing one's own account (a read-only API token, the password) is not editing content.
OWN_ACCOUNT_PATHS = {"/account/token", "/account/password"}


class LoginRequired(ServiceError):
    status = 401


class Forbidden(ServiceError):
    status = 403


def login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/login?next={quote(target, safe='')}"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_user(request: Request, session: Session) -> tuple[User | None, bool]:
    """The signed-in user and whether they came with an API token (not cookies)."""
    token = _bearer(request)
    if token is not None:
        user = accounts.user_for_token(session, token)
        if user is None:
            raise LoginRequired("The API token is not valid.")
        return user, True
    sid = request.scope.get("session", {}).get("sid")
    if not isinstance(sid, str):
        return None, False
    settings: Settings = request.app.state.settings
    idle = timedelta(minutes=settings.session_idle_minutes)
    user = user_sessions.user_for_session(session, sid, idle)
    if user is None:
        # Ended or expired on the server: the browser's cookie is cleared too.
        request.scope["session"] = {}
    return user, False


async def check_csrf(request: Request) -> None:
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
        raise Forbidden("This request came from another site and was refused.")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method in PREFLIGHTED_METHODS or content_type == "application/json":
        return
    if request.url.path.startswith("/api/") and request.headers.get("x-requested-with"):
        return
    expected = request.scope.get("state", {}).get("csrf_token", "")
    sent = request.headers.get("x-csrf-token")
    if sent is None and content_type in {
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }:
        settings: Settings = request.app.state.settings
        form = await request.form(max_part_size=request_limit(settings.max_upload_bytes))
        field = form.get("csrf_token")
        sent = field if isinstance(field, str) else None
    if not sent or not expected or not secrets.compare_digest(sent, expected):
        raise Forbidden(
            "The form's security token is missing or out of date. Reload the page and try again."
        )


def _needed_role(request: Request, settings: Settings) -> Role | None:
    if request.url.path.startswith(("/admin", "/api/admin")):
        return Role.admin
    if request.url.path in OWN_ACCOUNT_PATHS:
        return Role.reader
    if request.method not in SAFE_METHODS:
        return Role.editor
    return None if settings.anonymous_read else Role.reader


async def guard(request: Request, session: SessionDep) -> None:
    """Applied to every route (see ``create_app``); raises to refuse the request."""
    settings: Settings = request.app.state.settings
    user, by_token = current_user(request, session)
    # A detached snapshot: pages may render after the request's session rolled back.
    request.state.user = UserPublic.model_validate(user) if user else None
    if request.method not in SAFE_METHODS and not by_token:
        await check_csrf(request)
    personal = not accounts.users_exist(session)
    request.state.personal_mode = personal
    if request.url.path.startswith(OPEN_PATHS):
        return
    if personal:
        if request.method not in SAFE_METHODS and settings.host not in LOOPBACK_HOSTS:
            raise Forbidden(
                "This server has no accounts yet and is reachable from the network, so it is "
                "read-only. Create an admin with: communique user create --admin NAME"
            )
        return
    needed = _needed_role(request, settings)
    if needed is None:
        return
    if user is None:
        raise LoginRequired("Please sign in to continue.")
    if not user.role.allows(needed):
        raise Forbidden(
            f"This needs the {needed.value} role; you are signed in as a {user.role.value}."
        )
