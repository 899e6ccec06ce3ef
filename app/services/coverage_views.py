"""Coverage of a dossier's primary statement and its quote check, from the stored comparison.

The comparison service caches only the engine's JSON document; :func:`comparison_from_document`
rebuilds the engine's :class:`~app.engine.model.Comparison` from it (a pure converter), and
:func:`app.engine.coverage.primary_coverage` runs on the texts in the dossier's source order.

Invariants:
- engine source index ``k`` is the ``k``-th source of the dossier ordered by id (as in
  :mod:`app.services.comparisons`); ``primaries`` are the indices of sources whose role is
  ``primary``, in that order, and the chosen primary is the first one unless asked otherwise;
- ``to_json_dict(comparison_from_document(doc), names) == doc`` for every engine document;
- coverage results are memoised in-process by (database, dossier, input hash, primary index,
  event year): opening the page again when nothing changed runs neither the engine nor the
  coverage, and an edit changes the input hash so a stale result is never used.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, cast

from sqlmodel import Session, select

from app.engine.coverage import PrimaryCoverage, primary_coverage
from app.engine.model import (
    Alignment,
    AlignmentKind,
    ClaimGroup,
    Comparison,
    Conflict,
    ConflictKind,
    DiffOp,
    DiffOpKind,
    Segment,
    SegmentKind,
    SourceWarning,
    Span,
    UniqueSpan,
)
from app.models import ComparisonRun, SourceRole
from app.services import comparisons, sources
from app.services.comparisons import DossierComparison
from app.services.errors import InvalidInput

MEMO_SIZE = 64


# ---------------------------------------------------------------- JSON document -> Comparison


def _span(d: dict[str, Any]) -> Span:
    return Span(int(d["source"]), int(d["start"]), int(d["end"]), str(d["text"]))


def _segments(doc: dict[str, Any]) -> tuple[tuple[Segment, ...], ...]:
    return tuple(
        tuple(
            Segment(
                n,
                int(s["index"]),
                int(s["start"]),
                int(s["end"]),
                cast(SegmentKind, s["kind"]),
                str(s["text"]),
            )
            for s in src["segments"]
        )
        for n, src in enumerate(doc["sources"])
    )


def _op(d: dict[str, Any]) -> DiffOp:
    a, b = d.get("a"), d.get("b")
    return DiffOp(cast(DiffOpKind, d["op"]), _span(a) if a else None, _span(b) if b else None)


def _alignments(doc: dict[str, Any]) -> tuple[Alignment, ...]:
    ops = {int(d["alignment"]): tuple(_op(op) for op in d["ops"]) for d in doc.get("diffs", [])}
    conflicts: dict[int, list[Conflict]] = {}
    for c in doc.get("conflicts", []):
        conflicts.setdefault(int(c["alignment"]), []).append(
            Conflict(
                cast(ConflictKind, c["kind"]), _span(c["a"]), _span(c["b"]), str(c["explanation"])
            )
        )
    return tuple(
        Alignment(
            a=_span(al["a"]),
            b=_span(al["b"]),
            score=float(al["score"]),
            kind=cast(AlignmentKind, al["kind"]),
            diff=ops.get(int(al["id"]), ()),
            conflicts=tuple(conflicts.get(int(al["id"]), ())),
        )
        for al in sorted(doc.get("alignments", []), key=lambda al: int(al["id"]))
    )


def comparison_from_document(doc: dict[str, Any]) -> Comparison:
    """The :class:`Comparison` a ``compare --json`` document was serialised from.

    Pure; alignments come back in ``id`` order with their diffs and conflicts attached, so
    re-serialising gives the same document.
    """
    return Comparison(
        segments=_segments(doc),
        alignments=_alignments(doc),
        groups=tuple(
            ClaimGroup(
                int(g["id"]),
                str(g["label"]),
                tuple(_span(m) for m in g["members"]),
                tuple(int(s) for s in g["sources"]),
                tuple(_span(m) for m in g.get("partial", [])),
            )
            for g in doc.get("groups", [])
        ),
        unique=tuple(
            UniqueSpan(_span(u), cast(Any, u["scope"]), str(u["reason"]))
            for u in doc.get("unique", [])
        ),
        engine_version=str(doc.get("engine_version", "")),
        warnings=tuple(
            SourceWarning("different_event", int(w["source"]), str(w["reason"]))
            for w in doc.get("warnings", [])
            if w.get("kind") == "different_event"
        ),
    )


# ---------------------------------------------------------------- the stored document


def stored_document(session: Session, dc: DossierComparison) -> dict[str, Any]:
    """The engine's JSON document of ``dc`` as stored by the comparison service.

    ``dc`` comes from :func:`comparisons.dossier_comparison`, which stores the run it
    returns, so the run exists; the rare race with a concurrent edit is recomputed.
    """
    assert dc.dossier.id is not None
    run = session.exec(
        select(ComparisonRun).where(
            ComparisonRun.dossier_id == dc.dossier.id, ComparisonRun.input_hash == dc.input_hash
        )
    ).first()
    if run is None:
        texts = [s.text for s in dc.sources]
        return comparisons.run_engine(texts, [sources.label(s) for s in dc.sources])
    document: dict[str, Any] = json.loads(run.result)
    return document


# ---------------------------------------------------------------- coverage


@dataclass(frozen=True, slots=True)
class DossierCoverage:
    """A dossier's comparison, its primary sources and (when one is chosen) the coverage."""

    comparison: DossierComparison
    primaries: tuple[int, ...]
    primary: int | None
    coverage: PrimaryCoverage | None

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.comparison.sources]


class _Memo:
    """A small thread-safe LRU of coverage results."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[object, ...], PrimaryCoverage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> PrimaryCoverage | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[object, ...], value: PrimaryCoverage) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_memo = _Memo(MEMO_SIZE)


def primary_indices(dc: DossierComparison) -> tuple[int, ...]:
    """Engine indices of the dossier's sources whose role is ``primary``, in source order."""
    return tuple(n for n, s in enumerate(dc.sources) if s.role == SourceRole.primary)


def _choose(dc: DossierComparison, primaries: tuple[int, ...], primary_id: int | None) -> int:
    if primary_id is None:
        return primaries[0]
    for n in primaries:
        if dc.sources[n].id == primary_id:
            return n
    raise InvalidInput(f"Source {primary_id} is not a primary statement of this dossier.")


def _coverage(session: Session, dc: DossierComparison, primary: int) -> PrimaryCoverage:
    event = dc.dossier.event_date
    year = event.year if event is not None else None
    key = (str(session.get_bind().engine.url), dc.dossier.id, dc.input_hash, primary, year)
    found = _memo.get(key)
    if found is not None:
        return found
    comparison = comparison_from_document(stored_document(session, dc))
    texts = [s.text for s in dc.sources]
    result = primary_coverage(texts, primary, comparison, event_year=year)
    _memo.put(key, result)
    return result


def dossier_coverage(
    session: Session, dossier_id: int, primary_id: int | None = None
) -> DossierCoverage:
    """Coverage of the dossier's primary (``primary_id``, else its first primary source).

    ``coverage`` is ``None`` when the dossier has no primary source. Raises ``NotFound`` for
    an unknown dossier and ``InvalidInput`` when ``primary_id`` is not one of its primaries.
    Commits only when the comparison service has to store a new run.
    """
    dc = comparisons.dossier_comparison(session, dossier_id)
    primaries = primary_indices(dc)
    if not primaries:
        if primary_id is not None:
            raise InvalidInput("This dossier has no primary statement.")
        return DossierCoverage(dc, (), None, None)
    primary = _choose(dc, primaries, primary_id)
    return DossierCoverage(dc, primaries, primary, _coverage(session, dc, primary))


def clear_memo() -> None:
    """Forget memoised coverage results (tests)."""
    _memo.clear()
