"""Ids typed by people or sent in forms: ASCII digits that fit a database integer.

``str.isdigit()`` is true for ``'²'`` and ``'٣'``, on which ``int()`` fails or yields an id
nobody typed; every id taken from text goes through :func:`parse_id`.
"""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"[0-9]{1,18}")


def parse_id(text: str) -> int | None:
    """The id ``text`` spells in ASCII digits (at most 18), or None."""
    return int(text) if ID_PATTERN.fullmatch(text) else None
