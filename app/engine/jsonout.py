"""Serialise a :class:`~app.engine.model.Comparison` to the JSON document of ``compare --json``.

The document is a superset of the contract of ``shared/eval/score.py``: every alignment has
``a``/``b`` spans (``source``, ``start``, ``end``, ``text``) and a ``score``; every unique item
has ``source``, ``start``, ``end``. The schema is ``app/engine/schema.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.engine.discrepancies import distinct_conflicts
from app.engine.model import Alignment, ClaimGroup, Comparison, Conflict, DiffOp, Segment, Span


def span_dict(span: Span) -> dict[str, Any]:
    return {"source": span.source, "start": span.start, "end": span.end, "text": span.text}


def _segment_dict(segment: Segment) -> dict[str, Any]:
    return {
        "index": segment.index,
        "start": segment.start,
        "end": segment.end,
        "kind": segment.kind,
        "text": segment.text,
    }


def _diff_dict(op: DiffOp) -> dict[str, Any]:
    return {
        "op": op.op,
        "a": span_dict(op.a) if op.a else None,
        "b": span_dict(op.b) if op.b else None,
    }


def _conflict_dict(conflict: Conflict, alignment_id: int) -> dict[str, Any]:
    return {
        "alignment": alignment_id,
        "kind": conflict.kind,
        "a": span_dict(conflict.a),
        "b": span_dict(conflict.b),
        "explanation": conflict.explanation,
    }


def _alignment_dict(alignment: Alignment, alignment_id: int) -> dict[str, Any]:
    return {
        "id": alignment_id,
        "a": span_dict(alignment.a),
        "b": span_dict(alignment.b),
        "score": round(alignment.score, 4),
        "kind": alignment.kind,
    }


def _group_dict(group: ClaimGroup) -> dict[str, Any]:
    return {
        "id": group.id,
        "label": group.label,
        "sources": list(group.sources),
        "members": [span_dict(m) for m in group.members],
        "partial": [span_dict(m) for m in group.partial],
    }


def to_json_dict(comparison: Comparison, names: Sequence[str] | None = None) -> dict[str, Any]:
    """Return the ``compare --json`` document; ``names`` label the sources (e.g. file paths)."""
    labels = (
        list(names)
        if names is not None
        else [f"source {i}" for i in range(len(comparison.segments))]
    )
    alignments = list(comparison.alignments)
    return {
        "engine_version": comparison.engine_version,
        "sources": [
            {"index": i, "name": labels[i], "segments": [_segment_dict(s) for s in segs]}
            for i, segs in enumerate(comparison.segments)
        ],
        "alignments": [_alignment_dict(al, n) for n, al in enumerate(alignments)],
        "groups": [_group_dict(g) for g in comparison.groups],
        "unique": [
            {**span_dict(u.span), "scope": u.scope, "reason": u.reason} for u in comparison.unique
        ],
        "diffs": [
            {"alignment": n, "ops": [_diff_dict(op) for op in al.diff]}
            for n, al in enumerate(alignments)
        ],
        "conflicts": [
            _conflict_dict(c, n) for n, al in enumerate(alignments) for c in al.conflicts
        ],
        "warnings": [
            {"kind": w.kind, "source": w.source, "reason": w.reason} for w in comparison.warnings
        ],
        "discrepancies": _discrepancy_dicts(alignments),
    }


def _discrepancy_dicts(alignments: Sequence[Alignment]) -> list[dict[str, Any]]:
    """One entry per discrepancy; ``conflicts`` are indices into the ``conflicts`` list."""
    offsets, total = [], 0
    for al in alignments:
        offsets.append(total)
        total += len(al.conflicts)
    out = []
    for d in distinct_conflicts(alignments):
        c = d.conflict
        out.append(
            {
                "kind": c.kind,
                "a": span_dict(c.a),
                "b": span_dict(c.b),
                "explanation": c.explanation,
                "conflicts": [offsets[n] + k for n, k in d.conflicts],
            }
        )
    return out
