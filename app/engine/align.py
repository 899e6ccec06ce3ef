"""Decide which candidate pairs of segments report the same claim.

A pair is linked on evidence relative to its alternatives, not on a raw score alone: for a
segment and one other source, the best candidate there is linked when it clears ``LINK_MIN``;
further candidates in that source are linked only when they come within ``MARGIN`` of that
best one (a long sentence may carry two claims) and the pair is near-best from both sides.
Very strong pairs (``STRONG``) are always linked.

Invariants: every returned link has ``i < j``, segments of different sources, a score in
[0, 1], and appears once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

LINK_MIN = 0.12
MUTUAL_MIN = 0.12
MARGIN = 0.3
STRONG = 0.6
FLOOR = 0.03


@dataclass(frozen=True, slots=True)
class Link:
    """Segments ``i`` and ``j`` (global indices, ``i < j``) report the same claim."""

    i: int
    j: int
    score: float


def _best_per_source(
    i: np.ndarray, j: np.ndarray, s: np.ndarray, source_of: np.ndarray
) -> dict[tuple[int, int], float]:
    """Best score of each segment towards each other source: (segment, source) → score."""
    best: dict[tuple[int, int], float] = {}
    for a, b, score in zip(i.tolist(), j.tolist(), s.tolist(), strict=True):
        for seg, other in ((a, b), (b, a)):
            key = (seg, int(source_of[other]))
            if score > best.get(key, 0.0):
                best[key] = score
    return best


def decide_links(
    i: np.ndarray, j: np.ndarray, s: np.ndarray, source_of: np.ndarray
) -> list[Link]:
    """Links among candidate pairs (i, j, score) given each segment's source index."""
    best = _best_per_source(i, j, s, source_of)
    links: list[Link] = []
    for a, b, score in zip(i.tolist(), j.tolist(), s.tolist(), strict=True):
        if score < MUTUAL_MIN:
            continue
        best_a = best[(a, int(source_of[b]))]
        best_b = best[(b, int(source_of[a]))]
        mutual = score >= best_a and score >= best_b
        if score < LINK_MIN and not mutual:
            continue
        if score >= STRONG or score >= MARGIN * max(best_a, best_b):
            links.append(Link(a, b, float(score)))
    return links
