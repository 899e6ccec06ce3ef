"""Read the engine's JSON document (docs/compare-json.md) into lookups the pages need.

:func:`analyse` is a pure function of the document; its result is immutable and safe to share
between requests (it is memoised by input hash in :mod:`app.services.comparisons`).

Invariants:
- a segment is addressed by ``SegKey = (source index, segment index)``, source indices being
  the engine's (the dossier's sources ordered by id);
- every span of the document is mapped to the segment that contains its start; all mark
  offsets stay character indices into the source text;
- ``claims`` has the engine's groups first (same ids), then one single-source claim per
  unaligned sentence-like segment (ids continue after the last group id), in reading order;
- a segment belongs to at most one claim (``claim_of``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from app.engine.model import FURNITURE_KINDS
from app.services.wording import unshared_runs

SegKey = tuple[int, int]
LABEL_WORDS = 8
CLAIM_KINDS = frozenset({"sentence", "list_item"})


@dataclass(frozen=True, slots=True)
class Seg:
    source: int
    index: int
    start: int
    end: int
    kind: str
    text: str

    @property
    def key(self) -> SegKey:
        return (self.source, self.index)


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted range of a source text: ``kind`` is diff, unique or conflict."""

    start: int
    end: int
    kind: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class ConflictInfo:
    id: int
    alignment: int
    kind: str
    a: SegKey
    b: SegKey
    a_mark: Mark
    b_mark: Mark
    explanation: str


@dataclass(frozen=True, slots=True)
class Align:
    id: int
    a: SegKey
    b: SegKey
    score: float
    kind: str
    a_marks: tuple[Mark, ...]
    b_marks: tuple[Mark, ...]
    conflicts: tuple[int, ...]

    def marks_for(self, key: SegKey) -> tuple[Mark, ...]:
        return self.a_marks if key == self.a else self.b_marks if key == self.b else ()


@dataclass(frozen=True, slots=True)
class Claim:
    id: int
    label: str
    members: tuple[SegKey, ...]
    sources: tuple[int, ...]

    @property
    def single(self) -> bool:
        return len(self.sources) == 1


@dataclass(frozen=True, slots=True)
class SourceNotice:
    """A warning about a whole source (kind ``different_event``), from the engine."""

    kind: str
    source: int
    reason: str


@dataclass(frozen=True)
class Analysis:
    source_count: int
    segments: tuple[tuple[Seg, ...], ...]
    alignments: tuple[Align, ...]
    conflicts: tuple[ConflictInfo, ...]
    claims: tuple[Claim, ...]
    claim_of: dict[SegKey, int]
    alignments_of: dict[SegKey, tuple[int, ...]]
    phrases: dict[SegKey, tuple[Mark, ...]]
    warnings: tuple[SourceNotice, ...] = ()
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def seg(self, key: SegKey) -> Seg:
        return self.segments[key[0]][key[1]]

    def is_furniture(self, key: SegKey) -> bool:
        """A byline, dateline, caption or credit: never a claim, never a unique fact."""
        return self.seg(key).kind in FURNITURE_KINDS

    def claim(self, claim_id: int) -> Claim | None:
        return self.claims[claim_id] if 0 <= claim_id < len(self.claims) else None

    def conflicts_of(self, key: SegKey) -> list[ConflictInfo]:
        return [
            self.conflicts[c]
            for a in self.alignments_of.get(key, ())
            for c in self.alignments[a].conflicts
        ]

    def partners(self, key: SegKey) -> list[SegKey]:
        out = []
        for a in self.alignments_of.get(key, ()):
            al = self.alignments[a]
            out.append(al.b if al.a == key else al.a)
        return out


class _Locator:
    """Maps (source, offset) to the segment containing it."""

    def __init__(self, segments: tuple[tuple[Seg, ...], ...]) -> None:
        self._starts = [[s.start for s in segs] for segs in segments]

    def key(self, span: dict[str, Any]) -> SegKey:
        source = int(span["source"])
        idx = bisect.bisect_right(self._starts[source], int(span["start"])) - 1
        return (source, max(idx, 0))


def _segments(doc: dict[str, Any]) -> tuple[tuple[Seg, ...], ...]:
    return tuple(
        tuple(
            Seg(n, int(s["index"]), int(s["start"]), int(s["end"]), str(s["kind"]), str(s["text"]))
            for s in src["segments"]
        )
        for n, src in enumerate(doc["sources"])
    )


def _mark(span: dict[str, Any], kind: str, note: str = "") -> Mark:
    return Mark(int(span["start"]), int(span["end"]), kind, note)


def _conflicts(doc: dict[str, Any], loc: _Locator) -> tuple[ConflictInfo, ...]:
    out = []
    for n, c in enumerate(doc.get("conflicts", [])):
        note = str(c.get("explanation", ""))
        out.append(
            ConflictInfo(
                id=n,
                alignment=int(c["alignment"]),
                kind=str(c.get("kind", "")),
                a=loc.key(c["a"]),
                b=loc.key(c["b"]),
                a_mark=_mark(c["a"], "conflict", note),
                b_mark=_mark(c["b"], "conflict", note),
                explanation=note,
            )
        )
    return tuple(out)


def _diff_marks(
    ops: list[dict[str, Any]], text_a: str, text_b: str
) -> tuple[tuple[Mark, ...], tuple[Mark, ...]]:
    """Words of the diff's one-sided runs that the partner segment does not use (see
    :mod:`app.services.wording`)."""

    def marks(side: str, partner: str) -> tuple[Mark, ...]:
        return tuple(
            Mark(lo, hi, "diff")
            for op in ops
            if op["op"] == f"only_{side}" and op[side]
            for lo, hi in unshared_runs(int(op[side]["start"]), str(op[side]["text"]), partner)
        )

    return marks("a", text_b), marks("b", text_a)


def outside(marks: tuple[Mark, ...], boxes: list[Mark]) -> tuple[Mark, ...]:
    """``marks`` with the parts that fall inside any of ``boxes`` cut away."""
    out: list[Mark] = []
    for mark in marks:
        pieces = [(mark.start, mark.end)]
        for box in boxes:
            pieces = [
                part
                for lo, hi in pieces
                for part in ((lo, min(hi, box.start)), (max(lo, box.end), hi))
                if part[1] > part[0]
            ]
        out.extend(Mark(lo, hi, mark.kind, mark.note) for lo, hi in pieces)
    return tuple(out)


def _alignments(
    doc: dict[str, Any], loc: _Locator, conflicts: tuple[ConflictInfo, ...]
) -> tuple[Align, ...]:
    ops_of = {int(d["alignment"]): d.get("ops", []) for d in doc.get("diffs", [])}
    # Conflicts grouped by alignment once: a scan of all conflicts per alignment is quadratic
    # (11 s of a 512 KB source's 68 s comparison).
    conflicts_of: dict[int, list[ConflictInfo]] = {}
    for c in conflicts:
        conflicts_of.setdefault(c.alignment, []).append(c)
    out = []
    for al in doc.get("alignments", []):
        al_id = int(al["id"])
        a_marks, b_marks = _diff_marks(
            ops_of.get(al_id, []), str(al["a"]["text"]), str(al["b"]["text"])
        )
        mine = conflicts_of.get(al_id, [])
        # A conflict's box already says its words differ: no "worded differently" inside it.
        a_marks = outside(a_marks, [c.a_mark for c in mine]) + tuple(c.a_mark for c in mine)
        b_marks = outside(b_marks, [c.b_mark for c in mine]) + tuple(c.b_mark for c in mine)
        out.append(
            Align(
                id=al_id,
                a=loc.key(al["a"]),
                b=loc.key(al["b"]),
                score=float(al.get("score", 0.0)),
                kind=str(al.get("kind", "")),
                a_marks=a_marks,
                b_marks=b_marks,
                conflicts=tuple(c.id for c in mine),
            )
        )
    return tuple(out)


def short_label(text: str, words: int = LABEL_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _claims(
    doc: dict[str, Any], loc: _Locator, segments: tuple[tuple[Seg, ...], ...]
) -> tuple[Claim, ...]:
    claims: list[Claim] = []
    taken: set[SegKey] = set()
    for n, g in enumerate(sorted(doc.get("groups", []), key=lambda g: int(g["id"]))):
        members = tuple(dict.fromkeys(loc.key(m) for m in g["members"]))
        taken.update(members)
        sources = tuple(sorted({k[0] for k in members}))
        claims.append(Claim(n, str(g["label"]), members, sources))
    for segs in segments:
        for seg in segs:
            if seg.key not in taken and seg.kind in CLAIM_KINDS:
                claims.append(Claim(len(claims), short_label(seg.text), (seg.key,), (seg.source,)))
    return tuple(claims)


def _phrases(doc: dict[str, Any], loc: _Locator) -> dict[SegKey, tuple[Mark, ...]]:
    out: dict[SegKey, list[Mark]] = {}
    for u in doc.get("unique", []):
        if u.get("scope") == "phrase":
            out.setdefault(loc.key(u), []).append(_mark(u, "unique", str(u.get("reason", ""))))
    return {k: tuple(v) for k, v in out.items()}


def analyse(doc: dict[str, Any]) -> Analysis:
    """Turn the engine document into an :class:`Analysis` (see the module invariants)."""
    segments = _segments(doc)
    loc = _Locator(segments)
    conflicts = _conflicts(doc, loc)
    alignments = _alignments(doc, loc, conflicts)
    claims = _claims(doc, loc, segments)
    alignments_of: dict[SegKey, list[int]] = {}
    for al in alignments:
        alignments_of.setdefault(al.a, []).append(al.id)
        alignments_of.setdefault(al.b, []).append(al.id)
    return Analysis(
        source_count=len(segments),
        segments=segments,
        alignments=alignments,
        conflicts=conflicts,
        claims=claims,
        claim_of={key: c.id for c in claims for key in c.members},
        alignments_of={k: tuple(v) for k, v in alignments_of.items()},
        phrases=_phrases(doc, loc),
        warnings=tuple(
            SourceNotice(str(w["kind"]), int(w["source"]), str(w["reason"]))
            for w in doc.get("warnings", [])
        ),
    )
