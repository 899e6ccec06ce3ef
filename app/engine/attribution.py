"""Attributions among a segment's content units: a speaker the aligned sentences do not cite,
with its reporting verb ("her agent Mark Roesler said", "according to People Magazine").

Invariant: an attribution unit spans its speaker and verb, as token indices of the segment,
and never cuts through a longer unit that already tells the fact.
"""

from __future__ import annotations

from collections.abc import Callable

from app.engine import lexicon as lx
from app.engine.unit_segment import Segment, Unit, closed


def with_attribution(seg: Segment, units: list[Unit], cited: Callable[[int], bool]) -> list[Unit]:
    """Add the speaker and verb of an attribution the partners do not give ("her agent Mark
    Roesler said", "according to People Magazine"): citing a source that the aligned sentences
    do not cite is a fact, while a reporting verb after a speaker they cite, or alone, is none.
    ``cited(n)`` says whether the aligned sentences themselves carry token ``n``."""
    out = list(units)
    for n, tok in enumerate(seg.toks):
        if tok.text not in lx.REPORTING_VERBS:
            continue
        speaker = _speaker_before(seg, n) or _speaker_after(seg, n)
        if speaker is None or any(cited(m) for m in range(speaker[0], speaker[1] + 1)):
            continue
        first, last = min(speaker[0], n), max(speaker[1], n)
        if any(
            u.first <= last and first <= u.last and not (first <= u.first and u.last <= last)
            for u in out
            if u.kind != "attribution"
        ):
            continue  # the speaker is part of a longer unit, which tells the fact already
        out = [u for u in out if not (first <= u.first and u.last <= last)]
        out.append(Unit(first, last, "attribution"))
    return sorted(out, key=lambda u: u.first)


def _speaker_run(seg: Segment, first: int, last: int) -> tuple[int, int] | None:
    """Tokens first..last when they are one noun phrase with a content word that is no
    reference to the parties or an anonymous source."""
    if first > last or not all(seg.joined(m) for m in range(first, last)):
        return None
    if any(seg.is_verb(m) for m in range(first, last + 1)):
        return None
    head = seg.toks[last]
    if seg.stop[last] or closed(seg, last) or seg.date[last] or head.key in lx.NOT_SPEAKERS:
        return None
    if head.text.endswith("ly") or head.key in lx.SUBJECT_PRONOUNS:
        return None
    return first, last


def _speaker_before(seg: Segment, verb: int) -> tuple[int, int] | None:
    """The noun phrase just before a reporting verb (past auxiliaries), in its clause."""
    last = verb - 1
    while last >= 0 and seg.toks[last].key in lx.AUXILIARIES and seg.joined(last):
        last -= 1
    if last < 0 or not seg.joined(last):
        return None
    first = last
    while first > 0 and seg.joined(first - 1) and not seg.stop[first - 1] and first > last - 5:
        first -= 1
    return _speaker_run(seg, first, last)


def _speaker_after(seg: Segment, verb: int) -> tuple[int, int] | None:
    """The speaker of an inverted attribution (", said reports", "according to People")."""
    first = verb + 2 if seg.toks[verb].key == "according" else verb + 1
    if first >= len(seg.toks) or not all(seg.joined(m) for m in range(verb, first)):
        return None
    if seg.toks[verb].key != "according" and verb > 0 and seg.joined(verb - 1):
        return None  # "X said Y" reads as the speaker before the verb
    last = first
    while seg.joined(last) and not seg.stop[last + 1] and last < first + 4:
        last += 1
    return _speaker_run(seg, first, last)
