"""Decide which candidate pairs of segments report the same claim.

A pair is linked on evidence relative to its alternatives, not on a raw score alone:
- a pair scoring at least ``LINK_MIN`` is linked when it is also within ``MARGIN`` of the
  best candidate of either segment in the other's source (a long sentence may carry two
  claims, but a weak pair next to a much stronger alternative is noise);
- a pair below ``LINK_MIN`` but at least ``MUTUAL_MIN`` is linked only when each segment is
  the other's best candidate in that source (mutual best);
- pairs at or above ``STRONG`` are always linked.

Invariants: every returned link has ``i < j``, segments of different sources, a score in
[0, 1], and appears once. Work is vectorised over the candidate arrays (no Python loop over
pairs).
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
FLOOR = MUTUAL_MIN


@dataclass(frozen=True, slots=True)
class Link:
    """Segments ``i`` and ``j`` (global indices, ``i < j``) report the same claim."""

    i: int
    j: int
    score: float


def best_towards_source(
    seg: np.ndarray, other_source: np.ndarray, s: np.ndarray, n_sources: int
) -> np.ndarray:
    """For each (segment, other source) entry, the best score of that segment in that source."""
    import numpy as np

    key = seg.astype(np.int64) * n_sources + other_source
    uniq, inverse = np.unique(key, return_inverse=True)
    best = np.zeros(len(uniq))
    np.maximum.at(best, inverse, s)
    result: np.ndarray = best[inverse]
    return result


def decide_links(
    i: np.ndarray, j: np.ndarray, s: np.ndarray, source_of: np.ndarray
) -> list[Link]:
    """Links among candidate pairs (i, j, score) given each segment's source index."""
    if len(s) == 0:
        return []
    n_sources = int(source_of.max()) + 1
    best_i = best_towards_source(i, source_of[j], s, n_sources)
    best_j = best_towards_source(j, source_of[i], s, n_sources)
    mutual = (s >= best_i) & (s >= best_j) & (s >= MUTUAL_MIN)
    near_best = (s >= MARGIN * best_i) | (s >= MARGIN * best_j)
    keep = (s >= STRONG) | mutual | ((s >= LINK_MIN) & near_best)
    return [
        Link(int(a), int(b), float(c))
        for a, b, c in zip(i[keep].tolist(), j[keep].tolist(), s[keep].tolist(), strict=True)
    ]
