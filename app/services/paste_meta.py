"""Metadata a pasted article suggests: its headline line as the title, a date near its top.

Only proposals for the preview form (the person can change them); the text itself is stored
as pasted. Invariants:
- the title is the first non-empty line when it reads as a headline: not longer than
  ``HEADLINE_MAX`` characters, not ending in ``.``, ``!``, ``?``, ``:``, ``;`` or ``,`` (a
  closing quote is fine) and followed by more text; else "";
- the date is the first unambiguous calendar date in the first ``DATE_WINDOW`` characters:
  ``2026-01-07``, ``7 January 2026``, ``January 7, 2026`` or ``Jan. 7 2026`` (with or
  without a weekday); numeric forms such as ``07/01/2026`` are left alone (day or month
  first?); an impossible date ("31 February 2026") is no date.
"""

from __future__ import annotations

import re
from datetime import date

HEADLINE_MAX = 200
DATE_WINDOW = 600
MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_DAY} {_MONTH},? {_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH} {_DAY},? {_YEAR}\b", re.IGNORECASE),
]
_SENTENCE_END = (".", "!", "?", ":", ";", ",")


def headline(text: str) -> str:
    """The first line, when it reads as a headline (see module docstring); else ""."""
    lines = [line.strip() for line in text.splitlines()]
    filled = [n for n, line in enumerate(lines) if line]
    if len(filled) < 2:
        return ""
    first = lines[filled[0]]
    if len(first) > HEADLINE_MAX or first.endswith(_SENTENCE_END):
        return ""
    return first


def _as_date(match: re.Match[str]) -> date | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
    try:
        return date(int(match.group("year")), number, int(match.group("day")))
    except ValueError:
        return None


def found_date(text: str) -> date | None:
    """The first valid date of the supported forms near the top of ``text``."""
    window = text[:DATE_WINDOW]
    found = [(m.start(), m) for p in _PATTERNS for m in p.finditer(window)]
    for _, match in sorted(found, key=lambda item: item[0]):
        value = _as_date(match)
        if value is not None:
            return value
    return None
