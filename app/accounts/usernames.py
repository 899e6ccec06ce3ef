"""Usernames: one spelling per name, and no name that imitates another.

Names are NFKC-normalised and case-folded, so full-width ``ａｄｍｉｎ`` *is* ``admin``. A name
whose characters look like those of another script (Cyrillic ``а`` among Latin letters) is
refused outright, and a new name is compared with existing ones by its *skeleton*: each
character replaced by its ASCII look-alike from Unicode's confusables table (the
confusable-homoglyphs package ships it), so an all-Cyrillic ``аdmіn`` cannot sit beside
``admin`` either.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables

ALLOWED_PUNCTUATION = "._-@"


def normalise(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold().strip()


def problem(name: str) -> str | None:
    """Why a normalised name cannot be a username, or None."""
    if not name or not all(c.isalnum() or c in ALLOWED_PUNCTUATION for c in name):
        return "use letters, digits and . _ - @ only"
    if confusables.is_dangerous(name):
        return "mixes scripts with look-alike letters (for example a Cyrillic а among Latin ones)"
    return None


@lru_cache(maxsize=4096)
def _look_alike(char: str) -> str:
    if char.isascii():
        return char
    found = confusables.is_confusable(char, preferred_aliases=["latin"]) or []
    for entry in found:
        for glyph in entry["homoglyphs"]:
            if glyph["c"].isascii():
                return str(glyph["c"]).casefold()
    return char


def skeleton(name: str) -> str:
    """What ``name`` looks like: equal skeletons are names a reader cannot tell apart."""
    return "".join(_look_alike(c) for c in normalise(name))
