"""Kinship of sources: links between reports that are less alike than each is to its closest
fellow report (another event of the same kind) are weakened; nothing else is."""

import numpy as np

from app.engine.pipeline import KIN_MIN_SEGMENTS, kinship_factor

LONG = KIN_MIN_SEGMENTS


def _docs(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=float)


def test_two_sources_are_always_kin():
    factor = kinship_factor(_docs([[1.0, 0.05], [0.05, 1.0]]), np.array([LONG, LONG]))
    assert np.all(factor == 1.0)


def test_a_pair_of_another_event_is_weakened_and_fellow_reports_are_not():
    # sources 0-2 report one event (cosines 0.5-0.6), 3-4 another (0.55 with each other,
    # 0.2 with the first three)
    docs = _docs(
        [
            [1.0, 0.6, 0.5, 0.2, 0.2],
            [0.6, 1.0, 0.55, 0.2, 0.2],
            [0.5, 0.55, 1.0, 0.2, 0.2],
            [0.2, 0.2, 0.2, 1.0, 0.55],
            [0.2, 0.2, 0.2, 0.55, 1.0],
        ]
    )
    factor = kinship_factor(docs, np.array([LONG] * 5))
    assert factor[0, 1] == factor[1, 2] == factor[3, 4] == 1.0
    assert factor[0, 3] < 0.5 and factor[4, 2] < 0.5
    assert np.allclose(factor, factor.T) and np.all(np.diag(factor) == 1.0)


def test_a_short_source_keeps_its_links():
    docs = _docs(
        [[1.0, 0.6, 0.1, 0.1], [0.6, 1.0, 0.1, 0.1], [0.1, 0.1, 1.0, 0.5], [0.1, 0.1, 0.5, 1.0]]
    )
    factor = kinship_factor(docs, np.array([LONG, LONG, LONG, 1]))
    assert np.all(factor[3] == 1.0) and np.all(factor[:, 3] == 1.0)
    assert factor[0, 2] < 0.5


def test_a_lone_outlier_is_not_told_apart_by_kinship():
    # one source unlike all others has no closer fellow: kinship does not weaken its links
    docs = _docs([[1.0, 0.6, 0.1], [0.6, 1.0, 0.1], [0.1, 0.1, 1.0]])
    assert np.all(kinship_factor(docs, np.array([LONG] * 3)) == 1.0)
