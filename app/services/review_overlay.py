"""Apply review decisions on top of the engine's :class:`Analysis` (pure; no database).

Input: the engine's analysis and the decisions whose anchors were found, each mapped to the
segments containing its spans (``a`` and optionally ``b``), oldest first. Output: an
:class:`Overlay` holding a new :class:`Analysis` the page builders use unchanged, plus who
decided what, for the badges.

Invariants:
- for each pair of sentences only the latest alignment decision counts; likewise the latest
  membership decision per sentence and the latest verify/dispute per claim;
- a rejected pair is never aligned in the result; its claim group is split along the
  remaining alignments when the rejection disconnects it;
- a confirmed or linked pair is aligned: an engine alignment keeps its kind, a pair the engine
  missed becomes an alignment of kind ``manual`` and joins the two sentences' claims;
- a moved sentence leaves its group (for the target's group, or a claim of its own) and loses
  the engine alignments that now cross claims;
- a split of sentences ``a`` and ``b`` of one group leaves them in two groups: each other
  member goes with the one it is fewer alignments away from (``a`` on ties, and when it is
  not connected to either); alignments between the two parts are dropped. A merge joins the
  groups of ``a`` and ``b``. Only the latest split or merge of a pair of sentences counts, and
  membership decisions (move, detach, split, merge) apply in the order they were taken;
- alignment and conflict ids are renumbered to stay positions (``alignments[n].id == n``);
  claim ids are positions too, so they may differ from the engine's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from app.services.comparison_analysis import (
    CLAIM_KINDS,
    Align,
    Analysis,
    Claim,
    ConflictInfo,
    SegKey,
    short_label,
)

Pair = tuple[SegKey, SegKey]
MANUAL = "manual"
REGROUP = ("split", "merge")


def pair(a: SegKey, b: SegKey) -> Pair:
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True, slots=True)
class Applied:
    """A decision (``ref`` is its public record) whose anchors fall in segments ``a``/``b``."""

    ref: Any
    kind: str
    action: str
    a: SegKey
    b: SegKey | None


@dataclass(frozen=True)
class Overlay:
    analysis: Analysis
    pair_verdicts: dict[Pair, Applied] = field(default_factory=dict)
    rejected: dict[SegKey, tuple[tuple[SegKey, Applied], ...]] = field(default_factory=dict)
    moved: dict[SegKey, Applied] = field(default_factory=dict)
    regrouped: dict[SegKey, tuple[Applied, ...]] = field(default_factory=dict)
    claim_marks: dict[int, Applied] = field(default_factory=dict)

    def verdict(self, al: Align) -> Applied | None:
        """The confirm/link decision behind alignment ``al`` (rejected ones are gone)."""
        return self.pair_verdicts.get(pair(al.a, al.b))


def _latest(applied: Iterable[Applied], kind: str) -> dict[Any, Applied]:
    out: dict[Any, Applied] = {}
    for ap in applied:
        if ap.kind != kind:
            continue
        if kind == "alignment" and ap.b is not None:
            out[pair(ap.a, ap.b)] = ap
        elif kind == "membership" and ap.action not in REGROUP:
            out[ap.a] = ap
        elif kind == "regroup" and ap.action in REGROUP and ap.b is not None:
            out[pair(ap.a, ap.b)] = ap
    return out


class _Groups:
    """Claim groups as ordered member lists; a segment is in at most one group."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.members: list[list[SegKey]] = [list(c.members) for c in analysis.claims]
        self.labels: list[str] = [c.label for c in analysis.claims]

    def of(self, key: SegKey) -> int | None:
        for n, members in enumerate(self.members):
            if key in members:
                return n
        return None

    def add(self, members: list[SegKey], label: str | None = None) -> int:
        self.members.append(members)
        self.labels.append(label or short_label(self.analysis.seg(members[0]).text))
        return len(self.members) - 1

    def take_out(self, key: SegKey) -> None:
        n = self.of(key)
        if n is not None:
            self.members[n].remove(key)

    def merge(self, a: SegKey, b: SegKey) -> None:
        ga, gb = self.of(a), self.of(b)
        if ga is None:
            ga = self.add([a])
        if gb is None:
            self.members[ga].append(b)
        elif gb != ga:
            self.members[ga].extend(self.members[gb])
            self.members[gb] = []

    def split(self, n: int, edges: set[Pair], engine_edges: set[Pair]) -> None:
        """Split group ``n`` into the components of ``edges``; a member the engine grouped
        without any alignment (none in ``engine_edges``) stays with the first component."""
        members = self.members[n]
        parent = {k: k for k in members}

        def find(x: SegKey) -> SegKey:
            while parent[x] != x:
                x = parent[x]
            return x

        for x, y in edges:
            if x in parent and y in parent:
                parent[find(x)] = find(y)
        aligned = {k for e in engine_edges | edges for k in e if k in parent}
        loose = [k for k in members if k not in aligned]
        parts: dict[SegKey, list[SegKey]] = {}
        for k in members:
            if k in aligned:
                parts.setdefault(find(k), []).append(k)
        ordered = list(parts.values())
        if len(ordered) <= 1:
            return
        self.members[n] = ordered[0] + loose
        for part in ordered[1:]:
            self.add(part)

    def split_between(self, a: SegKey, b: SegKey, edges: set[Pair]) -> set[SegKey]:
        """Split the group of ``a`` and ``b`` in two (see module docstring); returns the
        members of both parts (empty when ``a`` and ``b`` are not in one group)."""
        n = self.of(a)
        if n is None or n != self.of(b) or a == b:
            return set()
        members = self.members[n]
        inside = set(members)
        side = {a: a, b: b}
        frontier = [a, b]
        while frontier:
            reached: list[SegKey] = []
            for x in frontier:
                for y in _neighbours(x, edges, inside):
                    if y not in side:
                        side[y] = side[x]
                        reached.append(y)
            frontier = reached
        self.members[n] = [k for k in members if side.get(k, a) == a]
        self.add([k for k in members if side.get(k, a) == b])
        return inside

    def claims(self) -> tuple[Claim, ...]:
        out: list[Claim] = []
        for members, label in zip(self.members, self.labels, strict=True):
            if not members:
                continue
            if len(members) == 1 and self.analysis.seg(members[0]).kind not in CLAIM_KINDS:
                continue
            sources = tuple(sorted({k[0] for k in members}))
            out.append(Claim(len(out), label, tuple(members), sources))
        return tuple(out)


def _neighbours(x: SegKey, edges: set[Pair], inside: set[SegKey]) -> list[SegKey]:
    """Members of ``inside`` aligned with ``x`` (sorted, so splits are deterministic)."""
    return sorted(y for e in edges if x in e for y in e if y != x and y in inside)


def _regroup(groups: _Groups, ap: Applied, edges: set[Pair]) -> set[SegKey]:
    """Apply one membership decision; returns the sentences whose group it changed."""
    if ap.action == "split" and ap.b is not None:
        return groups.split_between(ap.a, ap.b, edges)
    if ap.action == "merge" and ap.b is not None:
        groups.merge(ap.a, ap.b)
        return set()
    groups.take_out(ap.a)
    target = groups.of(ap.b) if ap.action == "move" and ap.b is not None else None
    if target is None:
        groups.add([ap.a])
    else:
        groups.members[target].append(ap.a)
    return {ap.a}


def _groups(
    analysis: Analysis,
    verdicts: dict[Pair, Applied],
    membership: Sequence[Applied],
) -> tuple[tuple[Claim, ...], set[SegKey]]:
    groups = _Groups(analysis)
    rejected = {p for p, ap in verdicts.items() if ap.action == "reject"}
    engine_edges = {pair(al.a, al.b) for al in analysis.alignments}
    edges = engine_edges - rejected
    edges |= {p for p, ap in verdicts.items() if ap.action != "reject"}
    for x, y in rejected:
        n = groups.of(x)
        if n is not None and n == groups.of(y):
            groups.split(n, edges, engine_edges)
    for p, ap in verdicts.items():
        if ap.action != "reject":
            groups.merge(*p)
    regrouped: set[SegKey] = set()
    for ap in membership:
        regrouped |= _regroup(groups, ap, edges)
    return groups.claims(), regrouped


def _renumbered(
    analysis: Analysis, keep: list[Align], manual: list[Pair]
) -> tuple[tuple[Align, ...], tuple[ConflictInfo, ...]]:
    alignments: list[Align] = []
    conflicts: list[ConflictInfo] = []
    for al in keep:
        new_id = len(alignments)
        ids = []
        for c in (analysis.conflicts[n] for n in al.conflicts):
            ids.append(len(conflicts))
            conflicts.append(
                ConflictInfo(
                    len(conflicts), new_id, c.kind, c.a, c.b, c.a_mark, c.b_mark, c.explanation
                )
            )
        alignments.append(
            Align(new_id, al.a, al.b, al.score, al.kind, al.a_marks, al.b_marks, tuple(ids))
        )
    for a, b in manual:
        alignments.append(Align(len(alignments), a, b, 1.0, MANUAL, (), (), ()))
    return tuple(alignments), tuple(conflicts)


def apply(analysis: Analysis, applied: Sequence[Applied]) -> Overlay:
    """The analysis with ``applied`` (oldest first) taken into account; see module docstring."""
    if not applied:
        return Overlay(analysis)
    verdicts: dict[Pair, Applied] = _latest(applied, "alignment")
    moved: dict[SegKey, Applied] = _latest(applied, "membership")
    regroups: dict[Pair, Applied] = _latest(
        (replace(ap, kind="regroup") for ap in applied if ap.kind == "membership"), "regroup"
    )
    membership = sorted([*moved.values(), *regroups.values()], key=lambda ap: ap.ref.id)
    claims, regrouped = _groups(analysis, verdicts, membership)
    claim_of = {key: c.id for c in claims for key in c.members}
    engine_pairs = {pair(al.a, al.b) for al in analysis.alignments}

    def kept(al: Align) -> bool:
        verdict = verdicts.get(pair(al.a, al.b))
        if verdict is not None:
            return verdict.action != "reject"
        crossing = claim_of.get(al.a) != claim_of.get(al.b)
        return not (crossing and (al.a in regrouped or al.b in regrouped))

    manual = sorted(
        p for p, ap in verdicts.items() if ap.action != "reject" and p not in engine_pairs
    )
    alignments, conflicts = _renumbered(
        analysis, [al for al in analysis.alignments if kept(al)], manual
    )
    alignments_of: dict[SegKey, list[int]] = {}
    for al in alignments:
        alignments_of.setdefault(al.a, []).append(al.id)
        alignments_of.setdefault(al.b, []).append(al.id)
    result = Analysis(
        source_count=analysis.source_count,
        segments=analysis.segments,
        alignments=alignments,
        conflicts=conflicts,
        claims=claims,
        claim_of=claim_of,
        alignments_of={k: tuple(v) for k, v in alignments_of.items()},
        phrases=analysis.phrases,
    )
    return Overlay(
        analysis=result,
        pair_verdicts=verdicts,
        rejected=_rejected(verdicts),
        moved=moved,
        regrouped=_by_sentence(regroups.values()),
        claim_marks=_marks(applied, claim_of),
    )


def _rejected(verdicts: dict[Pair, Applied]) -> dict[SegKey, tuple[tuple[SegKey, Applied], ...]]:
    out: dict[SegKey, list[tuple[SegKey, Applied]]] = {}
    for (x, y), ap in verdicts.items():
        if ap.action == "reject":
            out.setdefault(x, []).append((y, ap))
            out.setdefault(y, []).append((x, ap))
    return {k: tuple(v) for k, v in out.items()}


def _by_sentence(regroups: Iterable[Applied]) -> dict[SegKey, tuple[Applied, ...]]:
    out: dict[SegKey, list[Applied]] = {}
    for ap in regroups:
        for key in (ap.a, ap.b):
            if key is not None:
                out.setdefault(key, []).append(ap)
    return {k: tuple(v) for k, v in out.items()}


def _marks(applied: Sequence[Applied], claim_of: dict[SegKey, int]) -> dict[int, Applied]:
    out: dict[int, Applied] = {}
    for ap in applied:
        if ap.kind in ("claim", "unique") and ap.a in claim_of:
            out[claim_of[ap.a]] = ap
    return out
