"""Account tables: users with roles and API tokens, their sign-ins, and the login throttle."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from app.accounts import usernames
from app.models import UTCDateTime, utcnow

USERNAME_MAX = 64


class Role(StrEnum):
    reader = "reader"
    editor = "editor"
    admin = "admin"

    @property
    def rank(self) -> int:
        return {"reader": 0, "editor": 1, "admin": 2}[self.value]

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


class UserBase(SQLModel):
    username: str = Field(min_length=1, max_length=USERNAME_MAX, index=True, unique=True)
    role: Role = Role.reader


class User(UserBase, table=True):
    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=255)
    api_token_hash: str | None = Field(default=None, max_length=64, index=True)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class UserCreate(UserBase):
    password: str = Field(min_length=10, max_length=256)

    # Only new names are checked: stored ones, made under older rules, must still display.
    @field_validator("username")
    @classmethod
    def _clean_username(cls, value: str) -> str:
        value = usernames.normalise(value)
        refusal = usernames.problem(value)
        if refusal:
            raise ValueError(refusal)
        return value


class UserPublic(UserBase):
    id: int
    active: bool
    created_at: datetime


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins per (client, username) key, whether or not that user exists."""

    __tablename__ = "login_throttle"

    key: str = Field(primary_key=True, max_length=400)
    failures: int = 0
    first_failure_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class UserSession(SQLModel, table=True):
    """A browser's sign-in. The cookie carries a random token; only its digest is stored, and
    deleting the row ends the sign-in (sign-out, password or role change, deactivation)."""

    __tablename__ = "user_session"

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
