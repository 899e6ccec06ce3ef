"""One entry per discrepancy: conflicts of several alignments that state the same two values.

A source that repeats a detail ("on 4 January" in its lede and again later) conflicts with the
other source once per aligned pair of sentences; a reader wants the discrepancy once. Two
conflicts are the same discrepancy when they have the same kind, the same two sources and the
same two values (compared on matching keys, so "Jan. 5" and "January 5" are one value).

Invariants of :func:`distinct_conflicts`: every conflict of every alignment belongs to exactly
one discrepancy; a discrepancy's ``conflicts`` are ``(alignment id, position)`` pairs in
order, and its ``conflict`` is the first of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.engine.model import Alignment, Conflict
from app.engine.normalize import match_key, tokens

_MONTH_FORMS = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
    "jul": "july", "aug": "august", "sep": "september", "sept": "september", "oct": "october",
    "nov": "november", "dec": "december",
}  # fmt: skip
_MONTH_KEYS = {match_key(short): match_key(full) for short, full in _MONTH_FORMS.items()}


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A detail on which two sources disagree, and every conflict that repeats it."""

    conflict: Conflict
    conflicts: tuple[tuple[int, int], ...]


def value_key(text: str) -> str:
    """The value a detail states, as matching keys in order (month abbreviations spelled out)."""
    keys = (match_key(t.text) for t in tokens(text))
    return " ".join(_MONTH_KEYS.get(k, k) for k in keys if k)


def distinct_conflicts(alignments: Sequence[Alignment]) -> tuple[Discrepancy, ...]:
    """The discrepancies behind the conflicts of ``alignments``, in order of first mention."""
    found: dict[tuple[str, int, int, str, str], list[tuple[int, int]]] = {}
    first: dict[tuple[str, int, int, str, str], Conflict] = {}
    for n, alignment in enumerate(alignments):
        for k, c in enumerate(alignment.conflicts):
            key = (c.kind, c.a.source, c.b.source, value_key(c.a.text), value_key(c.b.text))
            found.setdefault(key, []).append((n, k))
            first.setdefault(key, c)
    return tuple(Discrepancy(first[key], tuple(ids)) for key, ids in found.items())
