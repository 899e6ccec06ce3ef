"""The side-by-side page's plan: its rows cut into pieces and weighed, before any is built.

Building a shown row (cells, highlights, URLs, review pairs) costs far more than deciding
where it goes, so the page is planned on the light :class:`PairRow` tuples of the whole pair
and only the rows of the page asked for are built (:mod:`app.web.compare_detail`).

Invariants: every segment of a kept row is in exactly one piece; a row with at most
:data:`PIECE_SIDE` sentences a side is one piece holding all its alignments; a longer row is
cut into ``ceil(longest / PIECE_SIDE)`` pieces, both sides in proportion (so aligned
stretches stay roughly level), and each alignment (with its conflicts) goes to the piece
holding its left sentence, so each pair is shown once. Planning is linear in the size of
the pair's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.comparison_analysis import Analysis, SegKey
from app.services.comparison_pairs import PairRow, pair_rows
from app.web.compare_views import CompareFilter, RowKind
from app.web.paging import PIECE_SIDE

FILTERS: tuple[CompareFilter, ...] = ("all", "shared", "only-left", "only-right", "conflicts")


@dataclass(frozen=True, slots=True)
class Piece:
    """Piece ``n`` (from 0) of the ``count`` pieces of row ``row`` (its index in the pair)."""

    row: int
    n: int
    count: int
    left: tuple[SegKey, ...]
    right: tuple[SegKey, ...]
    alignments: tuple[int, ...]

    @property
    def id(self) -> str:
        return f"r{self.row}" if self.count == 1 else f"r{self.row}-{self.n + 1}"


@dataclass(frozen=True)
class ComparePlan:
    """``rows``: every row of the pair (view orientation); ``pieces``: those of the rows the
    filter keeps, in order; ``weights``: each piece's sentences (plus pairs when reviewed);
    ``counts``: how many rows each filter keeps."""

    rows: list[PairRow]
    pieces: list[Piece]
    weights: list[int]
    counts: dict[CompareFilter, int]


def row_kind(row: PairRow) -> RowKind:
    return "shared" if row.shared else "only_left" if row.first else "only_right"


def _has_conflicts(analysis: Analysis, row: PairRow) -> bool:
    return any(analysis.alignments[a].conflicts for a in row.alignments)


def is_furniture(analysis: Analysis, row: PairRow) -> bool:
    """A row of article furniture only (a byline, a dateline, a photo credit): no claim."""
    keys = row.first + row.second
    return bool(keys) and not row.shared and all(analysis.is_furniture(k) for k in keys)


def _kept_by(analysis: Analysis, row: PairRow) -> set[CompareFilter]:
    if is_furniture(analysis, row):
        return {"all"}  # not a claim one source reports: "only left/right" list claims
    kind = row_kind(row).replace("_", "-")
    kept: set[CompareFilter] = {"all", kind}  # type: ignore[arg-type]
    if _has_conflicts(analysis, row):
        kept.add("conflicts")
    return kept


def left_of(analysis: Analysis, alignment: int, left: int) -> SegKey:
    """The sentence of ``alignment`` in engine source ``left`` (the left side)."""
    al = analysis.alignments[alignment]
    return al.a if al.a[0] == left else al.b


def pieces_of(analysis: Analysis, index: int, row: PairRow, left: int) -> list[Piece]:
    """``row`` (row ``index`` of the pair, engine source ``left`` on its left) cut into
    pieces (see the module invariants)."""
    longest = max(len(row.first), len(row.second))
    if longest <= PIECE_SIDE:
        return [Piece(index, 0, 1, row.first, row.second, row.alignments)]
    count = -(-longest // PIECE_SIDE)
    nl, nr = len(row.first), len(row.second)
    piece_of_left: dict[SegKey, int] = {}
    for n in range(count):
        for key in row.first[n * nl // count : (n + 1) * nl // count]:
            piece_of_left[key] = n
    buckets: list[list[int]] = [[] for _ in range(count)]
    for a in row.alignments:
        buckets[piece_of_left.get(left_of(analysis, a, left), 0)].append(a)
    return [
        Piece(
            index,
            n,
            count,
            row.first[n * nl // count : (n + 1) * nl // count],
            row.second[n * nr // count : (n + 1) * nr // count],
            tuple(buckets[n]),
        )
        for n in range(count)
    ]


def plan(
    analysis: Analysis, left: int, right: int, filter: CompareFilter, with_pairs: bool
) -> ComparePlan:
    """The plan of the side-by-side view of engine sources ``left``/``right`` under
    ``filter``; ``with_pairs``: the rows list their aligned pairs (a reviewed view), which
    count in a piece's weight."""
    rows = pair_rows(analysis, left, right)
    counts = dict.fromkeys(FILTERS, 0)
    pieces: list[Piece] = []
    for n, row in enumerate(rows):
        kept = _kept_by(analysis, row)
        for name in kept:
            counts[name] += 1
        if filter in kept:
            pieces.extend(pieces_of(analysis, n, row, left))
    weights = [
        len(p.left) + len(p.right) + (len(p.alignments) if with_pairs else 0) for p in pieces
    ]
    return ComparePlan(rows, pieces, weights, counts)


def piece_with_conflict(analysis: Analysis, pieces: list[Piece], conflict: int) -> int | None:
    """Index of the piece that shows conflict ``conflict`` (None: no kept piece does)."""
    for n, piece in enumerate(pieces):
        if any(conflict in analysis.alignments[a].conflicts for a in piece.alignments):
            return n
    return None
