"""Text anchors: where a review decision points in a source, re-found after the text changes.

An anchor is ``(source_id, start, end, text, before, after)``: ``start``/``end`` are character
indices (Python ``str`` indices, code points) into the source's stored text at the time of the
decision, ``text == source_text[start:end]`` then, and ``before``/``after`` are up to
:data:`CONTEXT` characters around it.

:func:`resolve` is pure. Invariants of its result:
- ``ok``: the stored offsets still hold (``current_text[start:end] == anchor.text``);
- ``moved``: the quoted text was found elsewhere, either as its only occurrence or as the one
  occurrence whose surrounding context matches best; ``current_text[start:end] == anchor.text``;
- ``lost``: the source is gone, the text no longer occurs, or several occurrences match equally
  well (an editor must choose); ``start``/``end`` are ``None``. A lost anchor is never dropped:
  its decision is kept and flagged as needing a second look.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

CONTEXT = 32


class AnchorState(StrEnum):
    ok = "ok"
    moved = "moved"
    lost = "lost"


@dataclass(frozen=True, slots=True)
class Anchor:
    source_id: int
    start: int
    end: int
    text: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True, slots=True)
class Resolution:
    state: AnchorState
    start: int | None
    end: int | None
    reason: str = ""

    @property
    def found(self) -> bool:
        return self.start is not None


def make_anchor(source_id: int, text: str, start: int, end: int, context: int = CONTEXT) -> Anchor:
    """The anchor of ``text[start:end]``; raises ``ValueError`` for an empty or outside span."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}:{end} is not inside a text of {len(text)} characters")
    return Anchor(
        source_id=source_id,
        start=start,
        end=end,
        text=text[start:end],
        before=text[max(start - context, 0) : start],
        after=text[end : end + context],
    )


def occurrences(text: str, needle: str) -> list[int]:
    """Every start index of ``needle`` in ``text``, overlapping ones included."""
    found: list[int] = []
    at = text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def context_score(anchor: Anchor, text: str, at: int) -> int:
    """How many context characters around an occurrence at ``at`` agree with the anchor's."""
    end = at + len(anchor.text)
    before = text[max(at - len(anchor.before), 0) : at]
    after = text[end : end + len(anchor.after)]
    return _common_suffix(anchor.before, before) + _common_prefix(anchor.after, after)


def _best(anchor: Anchor, text: str, starts: Sequence[int]) -> int | None:
    """The occurrence whose context matches best, or ``None`` on a tie for the best."""
    scored = sorted(((context_score(anchor, text, at), at) for at in starts), reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


def resolve(anchor: Anchor, text: str | None) -> Resolution:
    """Find ``anchor`` in the source's current ``text`` (``None``: the source is gone)."""
    if text is None:
        return Resolution(AnchorState.lost, None, None, "the source was deleted")
    if not anchor.text:
        return Resolution(AnchorState.lost, None, None, "the anchor quotes no text")
    if text[anchor.start : anchor.end] == anchor.text:
        return Resolution(AnchorState.ok, anchor.start, anchor.end)
    starts = occurrences(text, anchor.text)
    if not starts:
        return Resolution(
            AnchorState.lost, None, None, "the quoted text is no longer in the source"
        )
    at = starts[0] if len(starts) == 1 else _best(anchor, text, starts)
    if at is None:
        reason = f"the quoted text occurs {len(starts)} times and its context does not tell which"
        return Resolution(AnchorState.lost, None, None, reason)
    return Resolution(AnchorState.moved, at, at + len(anchor.text), "the text moved")
