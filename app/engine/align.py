"""Decide which candidate pairs of segments report the same claim.

A pair is linked on evidence relative to its alternatives, not on a raw score alone:
- a pair scoring at least ``LINK_MIN`` is linked when it is also within ``MARGIN`` of the
  best candidate of either segment in the other's source (a long sentence may carry two
  claims, but a weak pair next to a much stronger alternative is noise);
- a pair below ``LINK_MIN`` but at least ``MUTUAL_MIN`` is linked only when each segment is
  the other's best candidate in that source (mutual best);
- pairs at or above ``STRONG`` are always linked;
- with three or more sources, two segments that are both linked at ``CORROBORATE`` or more to
  a segment of a third source are linked too (corroboration: the third source vouches that
  they report the same claim even when they word it differently); the link's score is the
  sum of the products of the two hops over the intermediate segments (or their direct
  cosine, if higher);
- in a claim reported by more than ``WIDE_GROUP`` sources (a connected component of the
  links), a segment keeps only its ``MAX_PARTNERS`` strongest links (a link stays when it is
  among the strongest of either end), so wire copy repeated by a hundred sources costs O(n)
  links, not O(n²); the claim group (see :mod:`app.engine.groups`) still holds every member.

Invariants: every returned link has ``i < j``, segments of different sources, a score in
[0, 1], and appears once. Work is vectorised over the candidate arrays (no Python loop over
pairs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

LINK_MIN = 0.12
MUTUAL_MIN = 0.12
MARGIN = 0.3
STRONG = 0.6
CORROBORATE = 0.2
MAX_PARTNERS = 4
PARTNERS_PER_SOURCE = 6
WIDE_GROUP = 12
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


def _corroborated(
    i: np.ndarray,
    j: np.ndarray,
    s: np.ndarray,
    source_of: np.ndarray,
    direct: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j, different sources) joined by two links of at least ``CORROBORATE``.

    The score of a new pair is the sum over its intermediate segments of the product of the
    two hops (one sparse product of the link matrix with itself), capped at 1, or its direct
    cosine when that is higher: several corroborating sources add up.
    """
    import numpy as np

    from app.engine.sparse import from_triples, gram_pairs

    n = len(source_of)
    strong = s >= CORROBORATE
    if not strong.any():
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    a, b, w = i[strong], j[strong], s[strong]
    hops = from_triples(
        np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([w, w]), n, n
    )
    row, col, val = gram_pairs(hops, 0.0)  # hops·hopsᵀ = hops² (symmetric)
    keep = source_of[row] != source_of[col]
    ci, cj, cs = row[keep], col[keep], np.minimum(val[keep], 1.0)
    if len(ci):
        cs = np.maximum(cs, direct(ci, cj))
    return ci.astype(np.int64), cj.astype(np.int64), cs


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The sorted distinct values of ``keys``, like ``np.unique(keys)``.

    Plain ``np.unique`` (and ``np.isin``) import ``numpy.ma`` on first use, ~10 ms of a
    ``compare`` process; sorting does not.
    """
    import numpy as np

    ordered = np.sort(keys)
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    result: np.ndarray = ordered[first]
    return result


def _contained(keys: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Mask of the ``keys`` that occur in ``pool``, like ``np.isin(keys, pool)``."""
    import numpy as np

    ordered = np.sort(pool)
    if len(ordered) == 0:
        return np.zeros(len(keys), dtype=bool)
    pos = np.minimum(np.searchsorted(ordered, keys), len(ordered) - 1)
    result: np.ndarray = ordered[pos] == keys
    return result


def _strongest_per_segment(i: np.ndarray, j: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Mask of links among the ``MAX_PARTNERS`` strongest links of segment i or of segment j."""
    import numpy as np

    ends = np.concatenate([i, j])
    scores = np.concatenate([s, s])
    order = np.lexsort((-scores, ends))  # by segment, strongest link first
    ranked = ends[order]
    rank = np.empty(len(ends), dtype=np.int64)
    rank[order] = np.arange(len(ends)) - np.searchsorted(ranked, ranked, side="left")
    strong: np.ndarray = rank < MAX_PARTNERS
    result: np.ndarray = strong[: len(i)] | strong[len(i) :]
    return result


def _rank_within(groups: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Rank (0 = strongest) of each entry among the entries of its group key."""
    import numpy as np

    order = np.lexsort((-scores, groups))
    ranked = groups[order]
    rank = np.empty(len(groups), dtype=np.int64)
    rank[order] = np.arange(len(groups)) - np.searchsorted(ranked, ranked, side="left")
    return rank


def _within_partners_per_source(
    i: np.ndarray, j: np.ndarray, s: np.ndarray, source_of: np.ndarray
) -> np.ndarray:
    """Mask of links among the ``PARTNERS_PER_SOURCE`` strongest of both ends in the other's
    source: a segment that resembles a whole source (a near-duplicate list, a boilerplate
    line) keeps a few partners there, so links stay linear in the number of segments."""
    n_sources = int(source_of.max()) + 1
    rank_i = _rank_within(i.astype("int64") * n_sources + source_of[j], s)
    rank_j = _rank_within(j.astype("int64") * n_sources + source_of[i], s)
    result: np.ndarray = (rank_i < PARTNERS_PER_SOURCE) & (rank_j < PARTNERS_PER_SOURCE)
    return result


def _in_wide_group(i: np.ndarray, j: np.ndarray, source_of: np.ndarray) -> np.ndarray:
    """Mask of links inside a connected component that spans more than ``WIDE_GROUP`` sources."""
    import numpy as np

    from app.engine.sparse import components

    label = components(len(source_of), i, j)
    n_sources = int(source_of.max()) + 1
    pairs = _distinct(label.astype(np.int64) * n_sources + source_of)
    spread = np.bincount(pairs // n_sources, minlength=int(label.max()) + 1)
    result: np.ndarray = spread[label[i]] > WIDE_GROUP
    return result


def decide_links(i: np.ndarray, j: np.ndarray, s: np.ndarray, source_of: np.ndarray) -> list[Link]:
    """Links among candidate pairs (i, j, score) given each segment's source index."""
    import numpy as np

    if len(s) == 0:
        return []
    n_sources = int(source_of.max()) + 1
    best_i = best_towards_source(i, source_of[j], s, n_sources)
    best_j = best_towards_source(j, source_of[i], s, n_sources)
    mutual = (s >= best_i) & (s >= best_j) & (s >= MUTUAL_MIN)
    near_best = (s >= MARGIN * best_i) | (s >= MARGIN * best_j)
    keep = (s >= STRONG) | mutual | ((s >= LINK_MIN) & near_best)
    li, lj, ls = i[keep], j[keep], s[keep]
    if n_sources >= 3:
        n = len(source_of)
        cand = i.astype(np.int64) * n + j
        order = np.argsort(cand, kind="stable")
        cand_sorted = cand[order]

        def direct(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            """The candidate cosine of each pair (a, b), 0 where it is not a candidate."""
            keys = a.astype(np.int64) * n + b
            pos = np.minimum(np.searchsorted(cand_sorted, keys), len(cand_sorted) - 1)
            found = cand_sorted[pos] == keys
            result: np.ndarray = np.where(found, s[order[pos]], 0.0)
            return result

        ci, cj, cs = _corroborated(li, lj, ls, source_of, direct)
        new = ~_contained(ci.astype(np.int64) * n + cj, li.astype(np.int64) * n + lj)
        li, lj, ls = (
            np.concatenate([li, ci[new]]),
            np.concatenate([lj, cj[new]]),
            np.concatenate([ls, cs[new]]),
        )
    few = _within_partners_per_source(li, lj, ls, source_of)
    li, lj, ls = li[few], lj[few], ls[few]
    top = _strongest_per_segment(li, lj, ls) | ~_in_wide_group(li, lj, source_of)
    return [
        Link(int(a), int(b), float(c))
        for a, b, c in zip(li[top].tolist(), lj[top].tolist(), ls[top].tolist(), strict=True)
    ]
