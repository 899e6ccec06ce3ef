"""Users, sign-in with throttling, and API tokens. Commits here, as every service does.

Sign-in answers the same way whether or not a user exists: the same message, a password
check against a dummy hash, and a throttle keyed on (client, username) for both cases.
Changing a user's password, role or active flag ends their sign-ins (see user_sessions).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from app.accounts import passwords, usernames
from app.models import utcnow
from app.models_accounts import Role, User, UserCreate
from app.services import login_throttle
from app.services.errors import InvalidInput, NotFound, ServiceError
from app.services.user_sessions import end_user_sessions

MAX_FAILURES = login_throttle.MAX_ATTEMPTS
BAD_LOGIN = "The username or password is not right."


class LoginRefused(ServiceError):
    status = 401


class LoginLocked(ServiceError):
    status = 429


def users_exist(session: Session) -> bool:
    return session.exec(select(User.id).limit(1)).first() is not None


def _look_alike(session: Session, name: str) -> str | None:
    wanted = usernames.skeleton(name)
    names = session.exec(select(User.username)).all()
    return next((n for n in names if usernames.skeleton(n) == wanted), None)


def create_user(session: Session, data: UserCreate) -> User:
    existing = _look_alike(session, data.username)
    if existing == data.username:
        raise InvalidInput(f"A user named {data.username!r} already exists.", 409)
    if existing is not None:
        raise InvalidInput(
            f"The name {data.username!r} looks like the existing user {existing!r}; "
            "choose one that cannot be mistaken for it.",
            409,
        )
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


def _other_active_admins(session: Session, user_id: int) -> int:
    query = select(User.id).where(
        User.role == Role.admin, col(User.active).is_(True), User.id != user_id
    )
    return len(session.exec(query).all())


def set_role(session: Session, user_id: int, role: Role, active: bool = True) -> User:
    """Change a user's role and active flag; a change ends the user's sign-ins."""
    user = get_user(session, user_id)
    if (user.role, user.active) == (role, active):
        return user
    losing_admin = user.role == Role.admin and user.active and (role != Role.admin or not active)
    if losing_admin and _other_active_admins(session, user_id) == 0:
        raise InvalidInput(
            f"{user.username} is the only active admin: make another user an admin first.", 409
        )
    user.role, user.active = role, active
    session.add(user)
    end_user_sessions(session, user_id)
    session.commit()
    return user


def set_password(session: Session, user_id: int, current: str, new: str) -> User:
    """Change the password (the current one is checked); ends every sign-in of the user."""
    user = get_user(session, user_id)
    if not passwords.verify_password(user.password_hash, current):
        raise InvalidInput("The current password is not right.", 403)
    _check_new_password(new)
    user.password_hash = passwords.hash_password(new)
    session.add(user)
    end_user_sessions(session, user_id)
    session.commit()
    return user


PASSWORD_RULE = "The new password needs 10 to 256 characters."


def _check_new_password(new: str) -> None:
    if not 10 <= len(new) <= 256:
        raise InvalidInput(PASSWORD_RULE)


def get_user_by_name(session: Session, username: str) -> User:
    name = usernames.normalise(username)
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None:
        raise NotFound(f"There is no user named {username!r}.")
    return user


def reset_password(
    session: Session, user_id: int, new: str | None = None, by: int | None = None
) -> tuple[User, str | None]:
    """An admin sets another user's password to ``new``, or (None) to a temporary one that
    is returned to be handed over once (only its hash is stored); ends every sign-in of
    the user. ``by``: the admin acting (None: the command line, which may reset anyone,
    a locked-out admin included); an admin changes their own password on /account."""
    user = get_user(session, user_id)
    if by is not None and by == user_id:
        raise InvalidInput("Change your own password on your account page.", 409)
    temporary = passwords.temporary_password() if new is None else None
    password = temporary if temporary is not None else new
    assert password is not None
    _check_new_password(password)
    user.password_hash = passwords.hash_password(password)
    session.add(user)
    end_user_sessions(session, user_id)
    session.commit()
    return user, temporary


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, int((until - now).total_seconds() // 60) + 1)


def authenticate(session: Session, username: str, password: str, client: str) -> User:
    """The active user with these credentials, or :class:`LoginRefused` / :class:`LoginLocked`.

    The attempt is counted before the password is checked, so no more than the throttle's
    limit of passwords is ever tried per key, however many requests arrive at once.
    """
    name = usernames.normalise(username)
    key = f"{client}|{name}"
    slot = login_throttle.take_slot(session, key)
    if not slot.allowed:
        until = slot.locked_until or utcnow()
        raise LoginLocked(
            f"Too many failed sign-ins. Try again in {_minutes_left(until, utcnow())} minutes."
        )
    user = session.exec(select(User).where(User.username == name)).first()
    ok = passwords.verify_password(user.password_hash if user else passwords.dummy_hash(), password)
    if ok and user is not None and user.active:
        login_throttle.clear(session, key)
        return user
    raise LoginRefused(BAD_LOGIN)


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
