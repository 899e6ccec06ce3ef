"""Server-side sign-ins: the session cookie holds a random token, the database its digest.

A sign-in lasts while its row exists and it is used at least every ``idle`` interval; deleting
the row (sign-out, password or role change, deactivation) ends it at once, wherever the
cookie was copied to.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, col

from app.accounts import passwords
from app.models import utcnow
from app.models_accounts import User, UserSession

# last_seen_at is refreshed at most this often, so reading pages does not write every time.
TOUCH_EVERY = timedelta(minutes=1)


def start_session(session: Session, user_id: int) -> str:
    """A new sign-in for the user; the token goes into the cookie and is never stored."""
    token = passwords.new_api_token()
    session.add(UserSession(id=passwords.token_digest(token), user_id=user_id))
    session.commit()
    return token


def user_for_session(session: Session, token: str, idle: timedelta) -> User | None:
    """The active user signed in with ``token``, or None (unknown, ended or idle too long)."""
    row = session.get(UserSession, passwords.token_digest(token))
    if row is None:
        return None
    now = utcnow()
    user = session.get(User, row.user_id)
    if user is None or not user.active or now - row.last_seen_at > idle:
        session.delete(row)
        session.commit()
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return user


def end_session(session: Session, token: str) -> None:
    row = session.get(UserSession, passwords.token_digest(token))
    if row is not None:
        session.delete(row)
        session.commit()


def end_user_sessions(session: Session, user_id: int) -> None:
    """End every sign-in of the user; the caller commits (with the change that caused it)."""
    session.execute(delete(UserSession).where(col(UserSession.user_id) == user_id))
