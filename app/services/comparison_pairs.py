"""Rows of a side-by-side comparison of two sources, from an :class:`Analysis`.

Invariants of :func:`pair_rows`:
- rows are computed in the engine's orientation (lower source index on the left) and mirrored
  for the other orientation, so swapping sides keeps exactly the same rows and alignment;
- every segment of both sources appears in exactly one row;
- a shared row holds a connected component of the two sources' alignments (one sentence may
  be aligned with two of the other side); other rows hold one unaligned segment;
- rows follow the reading order of the left (engine-first) source; an unaligned segment of
  the other source comes right before the first shared row whose other-side segment follows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.comparison_analysis import Analysis, Mark, SegKey


@dataclass(frozen=True, slots=True)
class PairRow:
    """``first``/``second`` are segments of the engine-first/second source of the pair."""

    first: tuple[SegKey, ...]
    second: tuple[SegKey, ...]
    alignments: tuple[int, ...]

    @property
    def shared(self) -> bool:
        return bool(self.first and self.second)

    def mirrored(self) -> PairRow:
        return PairRow(self.second, self.first, self.alignments)


def _components(analysis: Analysis, p: int, q: int) -> list[tuple[set[SegKey], set[int]]]:
    parent: dict[SegKey, SegKey] = {}

    def find(x: SegKey) -> SegKey:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pair = [al for al in analysis.alignments if {al.a[0], al.b[0]} == {p, q}]
    for al in pair:
        parent[find(al.a)] = find(al.b)
    comps: dict[SegKey, tuple[set[SegKey], set[int]]] = {}
    for al in pair:
        keys, ids = comps.setdefault(find(al.a), (set(), set()))
        keys.update((al.a, al.b))
        ids.add(al.id)
    return list(comps.values())


def _canonical_rows(analysis: Analysis, p: int, q: int) -> list[PairRow]:
    comp_of: dict[SegKey, int] = {}
    comps = _components(analysis, p, q)
    for c, (members, _) in enumerate(comps):
        for key in members:
            comp_of[key] = c
    pending = [s.key for s in analysis.segments[q] if s.key not in comp_of]
    taken = 0  # pending[:taken] are placed (an index, not pop(0): that is quadratic)
    rows: list[PairRow] = []
    emitted: set[int] = set()
    for seg in analysis.segments[p]:
        n = comp_of.get(seg.key)
        if n is None:
            rows.append(PairRow((seg.key,), (), ()))
            continue
        if n in emitted:
            continue
        emitted.add(n)
        keys, ids = comps[n]
        second = tuple(sorted(k for k in keys if k[0] == q))
        while taken < len(pending) and pending[taken] < second[0]:
            rows.append(PairRow((), (pending[taken],), ()))
            taken += 1
        first = tuple(sorted(k for k in keys if k[0] == p))
        rows.append(PairRow(first, second, tuple(sorted(ids))))
    rows.extend(PairRow((), (key,), ()) for key in pending[taken:])
    return rows


def pair_rows(analysis: Analysis, left: int, right: int) -> list[PairRow]:
    """Rows comparing source ``left`` with ``right`` (engine indices, ``left != right``)."""
    p, q = min(left, right), max(left, right)
    memo_key = ("pair_rows", p, q)
    rows: list[PairRow] | None = analysis.memo.get(memo_key)
    if rows is None:
        rows = _canonical_rows(analysis, p, q)
        analysis.memo[memo_key] = rows
    return rows if left == p else [row.mirrored() for row in rows]


def marks_against(analysis: Analysis, key: SegKey, other: int) -> list[Mark]:
    """Highlights of segment ``key`` in its shared row against engine source ``other``: its
    diffs and conflicts against its partners there, plus the engine's unique phrases of the
    segment. From the segment's own alignments, so a piece of a big row costs no pass over
    the whole row."""
    marks: list[Mark] = []
    for n in analysis.alignments_of.get(key, ()):
        al = analysis.alignments[n]
        if (al.b if al.a == key else al.a)[0] == other:
            marks.extend(al.marks_for(key))
    return marks + list(analysis.phrases.get(key, ()))
