"""Users, sign-in with throttling, and API tokens. Commits here, as every service does.

Sign-in answers the same way whether or not a user exists: the same message, a password
check against a dummy hash, and a throttle keyed on (client, username) for both cases.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.accounts import passwords
from app.models import utcnow
from app.models_accounts import LoginThrottle, Role, User, UserCreate
from app.services.errors import InvalidInput, NotFound, ServiceError

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
BAD_LOGIN = "The username or password is not right."


class LoginRefused(ServiceError):
    status = 401


class LoginLocked(ServiceError):
    status = 429


def users_exist(session: Session) -> bool:
    return session.exec(select(User.id).limit(1)).first() is not None


def create_user(session: Session, data: UserCreate) -> User:
    if session.exec(select(User).where(User.username == data.username)).first():
        raise InvalidInput(f"A user named {data.username!r} already exists.", 409)
    user = User(
        username=data.username, role=data.role, password_hash=passwords.hash_password(data.password)
    )
    session.add(user)
    session.commit()
    return user


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.username))).all())


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    return user


def set_role(session: Session, user_id: int, role: Role, active: bool = True) -> User:
    user = get_user(session, user_id)
    user.role, user.active = role, active
    session.add(user)
    session.commit()
    return user


def active_user(session: Session, user_id: int) -> User | None:
    user = session.get(User, user_id)
    return user if user is not None and user.active else None


def _throttle(session: Session, key: str) -> LoginThrottle:
    return session.get(LoginThrottle, key) or LoginThrottle(key=key)


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, int((until - now).total_seconds() // 60) + 1)


def authenticate(session: Session, username: str, password: str, client: str) -> User:
    """The active user with these credentials, or :class:`LoginRefused` / :class:`LoginLocked`."""
    now = utcnow()
    name = username.strip().lower()
    throttle = _throttle(session, f"{client}|{name}")
    if throttle.locked_until and throttle.locked_until > now:
        raise LoginLocked(
            "Too many failed sign-ins. Try again in "
            f"{_minutes_left(throttle.locked_until, now)} minutes."
        )
    user = session.exec(select(User).where(User.username == name)).first()
    ok = passwords.verify_password(user.password_hash if user else passwords.dummy_hash(), password)
    if ok and user is not None and user.active:
        if session.get(LoginThrottle, throttle.key) is not None:
            session.delete(throttle)
            session.commit()
        return user
    _record_failure(session, throttle, now)
    raise LoginRefused(BAD_LOGIN)


def _record_failure(session: Session, throttle: LoginThrottle, now: datetime) -> None:
    if now - throttle.first_failure_at > WINDOW:
        throttle.failures, throttle.first_failure_at = 0, now
    throttle.failures += 1
    if throttle.failures >= MAX_FAILURES:
        throttle.locked_until, throttle.failures = now + LOCKOUT, 0
    session.add(throttle)
    session.commit()


def issue_api_token(session: Session, user_id: int) -> str:
    """A new API token for the user (shown once; only its digest is stored)."""
    user = get_user(session, user_id)
    token = passwords.new_api_token()
    user.api_token_hash = passwords.token_digest(token)
    session.add(user)
    session.commit()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    digest = passwords.token_digest(token)
    user = session.exec(select(User).where(User.api_token_hash == digest)).first()
    return user if user is not None and user.active else None
