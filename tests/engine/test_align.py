import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.engine import compare

A = (
    "Ministers of Ruritania and Freedonia met in Capital City on Monday.\n"
    "They agreed to build a new railway to the port of Westhaven.\n"
    "The minister also praised the local cheese industry.\n"
)
B = (
    "Freedonia and Ruritania agreed on Monday to construct a railway to Westhaven port.\n"
    "Ruritanian and Freedonian ministers met in Capital City.\n"
    "Separately, a storm damaged several fishing boats near Eastbay.\n"
)


def _pairs(result):
    return {(al.a.text[:20], al.b.text[:20]) for al in result.alignments}


def test_links_matching_claims_only():
    result = compare([A, B])
    pairs = _pairs(result)
    assert ("They agreed to build", "Freedonia and Rurita") in pairs
    assert not any("storm" in b or "cheese" in a for a, b in pairs)
    for al in result.alignments:
        assert al.a.source < al.b.source
        assert 0.0 <= al.score <= 1.0
        assert al.kind in ("equivalent", "partial")


def test_acronym_defined_in_dossier_links():
    a = "Work on the Northern Trade Corridor (NTC) will resume in May."
    b = "Officials said NTC work resumes in May after the winter pause."
    result = compare([a, b])
    assert len(result.alignments) == 1


def test_groups_have_labels_from_texts():
    result = compare([A, B])
    assert result.groups
    texts = [A, B]
    for group in result.groups:
        assert len(group.sources) >= 2
        assert any(group.label in texts[m.source] for m in group.members)


@pytest.mark.parametrize("bad", [["only one"], ["fine text", "   \n"], ["", "x"]])
def test_bad_input_raises_value_error(bad):
    with pytest.raises(ValueError):
        compare(bad)


def test_error_names_the_empty_text():
    with pytest.raises(ValueError, match="text 1"):
        compare(["a real sentence.", " \t\n"])


def _links(pairs, sources, scores):
    import numpy as np

    from app.engine.align import decide_links

    i = np.array([p[0] for p in pairs], dtype=np.int64)
    j = np.array([p[1] for p in pairs], dtype=np.int64)
    return decide_links(i, j, np.array(scores), np.array(sources, dtype=np.int64))


def test_third_source_corroborates_a_pair_worded_differently():
    # segments 0, 1, 2 in sources 0, 1, 2: 0~1 and 1~2 are strong, 0~2 share no words.
    links = _links([(0, 1), (1, 2)], [0, 1, 2], [0.5, 0.4])
    assert {(lk.i, lk.j) for lk in links} == {(0, 1), (1, 2), (0, 2)}
    corroborated = next(lk for lk in links if (lk.i, lk.j) == (0, 2))
    assert corroborated.score == pytest.approx(0.2)


def test_two_sources_get_no_corroboration():
    links = _links([(0, 1), (1, 2)], [0, 1, 0], [0.5, 0.4])
    assert {(lk.i, lk.j) for lk in links} == {(0, 1), (1, 2)}


def test_wide_claim_keeps_links_linear():
    from app.engine.align import MAX_PARTNERS, WIDE_GROUP

    n = WIDE_GROUP + 8  # one segment per source, all reporting the same claim
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    links = _links(pairs, list(range(n)), [0.9 - 0.001 * (a + b) for a, b in pairs])
    assert len(links) <= n * MAX_PARTNERS
    degree = {x: 0 for x in range(n)}
    for lk in links:
        degree[lk.i] += 1
        degree[lk.j] += 1
    assert min(degree.values()) >= MAX_PARTNERS  # every member still has partners


@given(
    st.lists(st.integers(-50, 50), max_size=40),
    st.lists(st.integers(-50, 50), max_size=40),
)
def test_distinct_and_contained_match_numpy_unique_and_isin(
    keys: list[int], pool: list[int]
) -> None:
    import numpy as np

    from app.engine.align import _contained, _distinct

    a, b = np.array(keys, dtype=np.int64), np.array(pool, dtype=np.int64)
    assert _distinct(a).tolist() == np.unique(a).tolist()
    assert _contained(a, b).tolist() == np.isin(a, b).tolist()
