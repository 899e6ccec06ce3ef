import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine import sparse
from app.engine.sparse import components, from_triples, gram_pairs

cells = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 7), st.floats(0.05, 1.0)), max_size=40
)


def _matrix(triples):
    rows = np.array([t[0] for t in triples], dtype=np.int64)
    cols = np.array([t[1] for t in triples], dtype=np.int64)
    vals = np.array([t[2] for t in triples], dtype=np.float64)
    return from_triples(rows, cols, vals, 12, 8)


def _dense(x):
    out = np.zeros((x.n_rows, x.n_cols))
    for r in range(x.n_rows):
        for k in range(x.indptr[r], x.indptr[r + 1]):
            out[r, x.indices[k]] += x.data[k]
    return out


@settings(max_examples=200, deadline=None)
@given(cells, st.sampled_from([0.0, 0.3]))
def test_gram_pairs_is_the_upper_triangle_of_x_times_x_transposed(triples, floor):
    x = _matrix(triples)
    i, j, v = gram_pairs(x, floor)
    product = _dense(x) @ _dense(x).T
    expected = {
        (a, b)
        for a in range(12)
        for b in range(a + 1, 12)
        if product[a, b] > 0 and product[a, b] >= floor + 1e-9
    }
    found = set(zip(i.tolist(), j.tolist(), strict=True))
    assert expected <= found  # values at the floor itself may round either way
    assert all(a < b for a, b in found)
    assert list(zip(i, j, strict=True)) == sorted(zip(i, j, strict=True))
    for a, b, value in zip(i, j, v, strict=True):
        assert value == pytest.approx(product[a, b])


@settings(max_examples=200, deadline=None)
@given(cells)
def test_sorted_and_dense_sums_agree_to_the_last_bit(triples):
    x = _matrix(triples)
    saved = sparse.SPARSE_RATIO
    try:
        sparse.SPARSE_RATIO = 0  # every block sums by sorting
        by_sorting = gram_pairs(x, 0.0)
        sparse.SPARSE_RATIO = 10**12  # every block sums in a dense array
        dense = gram_pairs(x, 0.0)
    finally:
        sparse.SPARSE_RATIO = saved
    for a, b in zip(by_sorting, dense, strict=True):
        assert np.array_equal(a, b)


def test_components_label_each_node_by_its_smallest_member():
    label = components(6, np.array([0, 3, 4]), np.array([2, 4, 5]))
    assert label.tolist() == [0, 1, 0, 3, 3, 3]
