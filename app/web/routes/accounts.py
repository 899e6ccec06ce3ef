"""Sign in and out, the account page (API token), and user administration."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError

from app.models_accounts import Role, UserCreate, UserPublic
from app.services import accounts, user_sessions
from app.services.errors import ServiceError
from app.web.deps import SessionDep
from app.web.guard import LoginRequired
from app.web.render import page

router = APIRouter(tags=["accounts"])


class LoginView(BaseModel):
    next: str = "/"
    error: str = ""
    username: str = ""


class AccountView(BaseModel):
    user: UserPublic | None
    personal_mode: bool
    new_token: str = ""
    error: str = ""
    notice: str = ""


class UsersView(BaseModel):
    users: list[UserPublic]
    roles: list[str]
    error: str = ""
    notice: str = ""
    temporary_password: str = Field(default="", description="shown once, after a reset")


class PasswordResetRequest(BaseModel):
    password: str | None = Field(
        default=None, description="the new password; omitted or null: a temporary one is made"
    )


class PasswordReset(BaseModel):
    user: UserPublic
    temporary_password: str | None = Field(
        description="the temporary password made (shown this once), or null when one was given"
    )


def _safe_next(target: str) -> str:
    # Only local paths: an open redirect would let a link send people anywhere after sign-in.
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/") -> Response:
    return page(request, "login.html", LoginView(next=_safe_next(next)))


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    client = request.client.host if request.client else "unknown"
    try:
        user = accounts.authenticate(session, username, password, client)
    except ServiceError as exc:
        view = LoginView(next=_safe_next(next), error=exc.message, username=username)
        return page(request, "login.html", view, status_code=exc.status)
    assert user.id is not None
    request.scope["session"] = {"sid": user_sessions.start_session(session, user.id)}
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request, session: SessionDep) -> Response:
    sid = request.scope.get("session", {}).get("sid")
    if isinstance(sid, str):
        user_sessions.end_session(session, sid)
    request.scope["session"] = {}
    return RedirectResponse("/login", status_code=303)


def _account_view(request: Request, **fields: str) -> AccountView:
    user = request.state.user
    return AccountView(
        user=UserPublic.model_validate(user) if user else None,
        personal_mode=request.state.personal_mode,
        **fields,
    )


@router.get("/account", include_in_schema=False)
def account(request: Request) -> Response:
    return page(request, "account.html", _account_view(request))


@router.get("/account.json", response_model=AccountView, summary="Who is signed in")
def account_json(request: Request) -> Response:
    return page(request, "account.html", _account_view(request))


@router.post("/account/token", include_in_schema=False)
def new_token(request: Request, session: SessionDep) -> Response:
    user = request.state.user
    if user is None or user.id is None:
        raise LoginRequired("Sign in to create an API token.")
    token = accounts.issue_api_token(session, user.id)
    response = page(request, "account.html", _account_view(request, new_token=token))
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/account/password", include_in_schema=False)
def change_password(
    request: Request,
    session: SessionDep,
    current: Annotated[str, Form(max_length=1000)] = "",
    new: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    user = request.state.user
    if user is None or user.id is None:
        raise LoginRequired("Sign in to change your password.")
    try:
        accounts.set_password(session, user.id, current, new)
    except ServiceError as exc:
        view = _account_view(request, error=exc.message)
        return page(request, "account.html", view, status_code=exc.status)
    # Every sign-in ended, this one included; this browser gets a fresh one.
    request.scope["session"] = {"sid": user_sessions.start_session(session, user.id)}
    view = _account_view(request, notice="Password changed; other sign-ins have ended.")
    return page(request, "account.html", view)


def _users_view(session: SessionDep, error: str = "", notice: str = "") -> UsersView:
    return UsersView(
        users=[UserPublic.model_validate(u) for u in accounts.list_users(session)],
        roles=[r.value for r in Role],
        error=error,
        notice=notice,
    )


@router.get("/admin/users", include_in_schema=False)
@router.get("/admin/users.json", response_model=UsersView, summary="Users (admins only)")
def users_page(request: Request, session: SessionDep) -> Response:
    return page(request, "admin_users.html", _users_view(session))


@router.post("/admin/users", include_in_schema=False)
def create_user(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    role: Annotated[str, Form(max_length=20)] = "reader",
) -> Response:
    try:
        data = UserCreate(username=username, password=password, role=Role(role))
        user = accounts.create_user(session, data)
    except (ValidationError, ValueError) as exc:
        message = _first_error(exc)
        return page(
            request, "admin_users.html", _users_view(session, error=message), status_code=422
        )
    except ServiceError as exc:
        return page(
            request,
            "admin_users.html",
            _users_view(session, error=exc.message),
            status_code=exc.status,
        )
    notice = f"User {user.username} created as {user.role.value}."
    return page(request, "admin_users.html", _users_view(session, notice=notice), status_code=201)


@router.post("/admin/users/{user_id:int}", include_in_schema=False)
def update_user(
    request: Request,
    session: SessionDep,
    user_id: int,
    role: Annotated[str, Form(max_length=20)] = "reader",
    active: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    try:
        accounts.set_role(session, user_id, Role(role), active=bool(active))
    except ValueError:
        return page(
            request,
            "admin_users.html",
            _users_view(session, error=f"Unknown role {role!r}."),
            status_code=422,
        )
    except ServiceError as exc:
        view = _users_view(session, error=exc.message)
        return page(request, "admin_users.html", view, status_code=exc.status)
    return RedirectResponse("/admin/users", status_code=303)


def _acting_admin(request: Request) -> int | None:
    user = getattr(request.state, "user", None)
    return user.id if user is not None else None


def _no_store(response: Response) -> Response:
    # A temporary password must not stay in a cache or the browser's history.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/admin/users/{user_id:int}/password", include_in_schema=False)
def reset_password(
    request: Request,
    session: SessionDep,
    user_id: int,
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Set the user's password to the one typed, or (left empty) to a temporary one shown
    once on the page; the user's sign-ins end."""
    try:
        user, temporary = accounts.reset_password(
            session, user_id, password or None, by=_acting_admin(request)
        )
    except ServiceError as exc:
        view = _users_view(session, error=exc.message)
        return page(request, "admin_users.html", view, status_code=exc.status)
    notice = f"The password of {user.username} was reset; their sign-ins have ended."
    view = _users_view(session, notice=notice).model_copy(
        update={"temporary_password": temporary or ""}
    )
    return _no_store(page(request, "admin_users.html", view))


@router.post(
    "/api/admin/users/{user_id:int}/password",
    response_model=PasswordReset,
    summary="Reset a user's password (admins only); ends the user's sign-ins",
    responses={
        404: {"description": "No such user"},
        409: {"description": "Your own password: change it on /account"},
        422: {"description": "The password given is not 10 to 256 characters"},
    },
)
def api_reset_password(
    request: Request, session: SessionDep, user_id: int, body: PasswordResetRequest
) -> Response:
    user, temporary = accounts.reset_password(
        session, user_id, body.password, by=_acting_admin(request)
    )
    result = PasswordReset(user=UserPublic.model_validate(user), temporary_password=temporary)
    return _no_store(JSONResponse(result.model_dump(mode="json")))


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and exc.errors():
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        return f"{field}: {first['msg']}"
    return str(exc)
