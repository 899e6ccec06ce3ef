"""The sign-in throttle: at most ``MAX_ATTEMPTS`` password checks per key per window.

Each attempt first takes a slot with one atomic upsert (INSERT ... ON CONFLICT DO UPDATE ...
RETURNING), so parallel attempts cannot all read "4 so far" and all be checked, and two
first attempts cannot both INSERT (the old read-then-write gave 30 checks for a limit of 5
and UNIQUE-constraint 500s under 40 parallel requests). A slot past the limit is refused
before the password is looked at; a correct password clears the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, literal, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from app.models import UTCDateTime, utcnow
from app.models_accounts import LoginThrottle

MAX_ATTEMPTS = 5
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class Slot:
    attempt: int
    locked_until: datetime | None

    @property
    def allowed(self) -> bool:
        return self.attempt <= MAX_ATTEMPTS


def take_slot(session: Session, key: str) -> Slot:
    """Count one attempt for ``key`` and say whether its password may be checked (commits)."""
    now = utcnow()
    table = LoginThrottle.__table__  # type: ignore[attr-defined]
    at = literal(now, UTCDateTime)
    lock_at = literal(now + LOCKOUT, UTCDateTime)
    # The stored count restarts once the lockout is over, or the window of a count that never
    # reached the limit has passed.
    stale = or_(
        and_(table.c.locked_until.is_not(None), table.c.locked_until <= at),
        and_(
            table.c.locked_until.is_(None),
            table.c.first_failure_at <= literal(now - WINDOW, UTCDateTime),
        ),
    )
    count = case((stale, 1), else_=table.c.failures + 1)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    first_lock = now + LOCKOUT if MAX_ATTEMPTS <= 1 else None
    lock = case((stale | table.c.locked_until.is_(None), lock_at), else_=table.c.locked_until)
    fresh = insert(table).values(key=key, failures=1, first_failure_at=now, locked_until=first_lock)
    statement = fresh.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "failures": count,
            "first_failure_at": case((stale, at), else_=table.c.first_failure_at),
            # Reaching the limit starts the lockout; later attempts keep its end.
            "locked_until": case((count >= MAX_ATTEMPTS, lock), else_=None),
        },
    ).returning(table.c.failures, table.c.locked_until)
    attempt, locked_until = session.execute(statement).one()
    session.commit()
    if locked_until is not None and locked_until.tzinfo is None:
        locked_until = locked_until.replace(tzinfo=now.tzinfo)
    return Slot(int(attempt), locked_until)


def clear(session: Session, key: str) -> None:
    """A correct password: the key starts afresh (commits)."""
    session.execute(delete(LoginThrottle).where(col(LoginThrottle.key) == key))
    session.commit()
