"""Password hashing with argon2id (argon2-cffi), and API token generation/hashing."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """Verified against when a user does not exist, so timing does not tell who exists."""
    return hash_password(secrets.token_urlsafe(16))


def temporary_password() -> str:
    """A password for an admin to hand over once: 16 URL-safe characters (96 bits)."""
    return secrets.token_urlsafe(12)


def new_api_token() -> str:
    return "cq_" + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """API tokens are high-entropy, so a fast hash is enough (and allows lookup by digest)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
