"""A few sparse-matrix operations on plain numpy arrays (no scipy: it costs a whole-process
start-up more than the engine's work on a small dossier).

A sparse matrix here is a :class:`Rows` value: row-major (CSR) arrays ``indptr``, ``indices``
and ``data`` with ``n_cols`` columns; within a row, column indices are distinct.

Invariants:
- :func:`gram_pairs` returns the entries (i, j, value) of ``X·Xᵀ`` with ``i < j`` and
  ``value >= floor`` (and ``value > 0``), sorted by (i, j); its work is proportional to the
  number of products of entries sharing a column, plus ``n_rows²`` cheap array operations
  done in blocks of bounded memory (never a Python loop over pairs);
- :func:`components` labels connected components (label = smallest member index).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# Cells of one dense accumulation block (8 bytes each): bounds the memory of gram_pairs.
BLOCK_CELLS = 1 << 21
# A block with this many times fewer products than cells sums them by sorting its keys rather
# than in a dense array (the link graph's square, with a few links per segment).
SPARSE_RATIO = 32


@dataclass(frozen=True, slots=True)
class Rows:
    """A sparse matrix in CSR form: row r holds ``indices/data[indptr[r]:indptr[r + 1]]``."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    n_cols: int

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def row_of_entry(self) -> np.ndarray:
        """The row index of every stored entry."""
        import numpy as np

        counts = np.diff(self.indptr)
        result: np.ndarray = np.repeat(np.arange(self.n_rows, dtype=np.int64), counts)
        return result


def from_triples(
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_rows: int, n_cols: int
) -> Rows:
    """A :class:`Rows` matrix from (row, col, value) triples; duplicate cells are summed."""
    import numpy as np

    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    vals = np.asarray(vals, dtype=np.float64)
    keys = rows * max(n_cols, 1) + cols
    uniq, inverse = np.unique(keys, return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=vals, minlength=len(uniq))
    urows = uniq // max(n_cols, 1)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(urows, minlength=n_rows), out=indptr[1:])
    return Rows(indptr, uniq % max(n_cols, 1), summed, n_cols)


def gram_pairs(x: Rows, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Entries (i, j, value) of ``X·Xᵀ`` with ``i < j`` and ``value >= floor``, ``value > 0``."""
    import numpy as np

    n = x.n_rows
    empty = np.zeros(0, dtype=np.int64)
    if n < 2 or len(x.data) == 0:
        return empty, empty, np.zeros(0)
    row = x.row_of_entry()
    # Column postings (CSC): entries of each column in row order.
    order = np.argsort(x.indices, kind="stable")
    col_rows, col_vals = row[order], x.data[order]
    col_end = np.cumsum(np.bincount(x.indices, minlength=x.n_cols))
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    # Each entry meets the later entries of its column (rows after its own: i < j).
    start = position + 1
    lens = col_end[x.indices] - start
    block = max(1, BLOCK_CELLS // n)
    out_i, out_j, out_v = [], [], []
    for r0 in range(0, n, block):
        r1 = min(n, r0 + block)
        lo, hi = x.indptr[r0], x.indptr[r1]
        ln = lens[lo:hi]
        total = int(ln.sum())
        if total == 0:
            continue
        first = np.cumsum(ln) - ln
        idx = np.repeat(start[lo:hi] - first, ln) + np.arange(total)
        keys = np.repeat(row[lo:hi] - r0, ln) * n + col_rows[idx]
        prods = np.repeat(x.data[lo:hi], ln) * col_vals[idx]
        if total * SPARSE_RATIO < (r1 - r0) * n:
            cells, sums = _summed_by_key(keys, prods)
        else:
            sums = np.bincount(keys, weights=prods, minlength=(r1 - r0) * n)
            cells = None
        hit = np.flatnonzero((sums >= floor) & (sums > 0))
        where = hit if cells is None else cells[hit]
        out_i.append(where // n + r0)
        out_j.append(where % n)
        out_v.append(sums[hit])
    if not out_i:
        return empty, empty, np.zeros(0)
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_v)


def _summed_by_key(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys in order and the sum of the values of each, added in input order
    (as ``np.bincount`` adds them, so both paths give the same floating-point sums)."""
    import numpy as np

    ordered = np.sort(keys)
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    distinct = ordered[first]
    sums: np.ndarray = np.bincount(
        np.searchsorted(distinct, keys), weights=values, minlength=len(distinct)
    )
    return distinct, sums


def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected-component label of each of ``n`` nodes joined by edges (i, j)."""
    import numpy as np

    label = np.arange(n, dtype=np.int64)
    if len(i) == 0:
        return label
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    while True:
        low = np.minimum(label[i], label[j])
        before = label.copy()
        np.minimum.at(label, i, low)
        np.minimum.at(label, j, low)
        label = label[label]  # pointer jumping: follow labels to their roots
        if np.array_equal(label, before):
            return label
