import pytest

from app.engine import compare
from app.engine.pipeline import link_segments

A = "The two sides agreed to expand cooperation in agriculture, mining and industry in Westhaven."
B = "Both sides agreed to expand cooperation in agriculture and mining."


def _unique_texts(result, source):
    return [u.span.text for u in result.unique if u.span.source == source]


def test_phrase_only_one_source_gives():
    result = compare([A, B])
    assert len(result.alignments) == 1
    found = " ".join(_unique_texts(result, 0))
    assert "industry" in found and "Westhaven" in found
    assert "agriculture" not in found
    assert all(u.scope == "phrase" for u in result.unique)


def test_unpartnered_segment_is_unique_whole():
    extra = " A spokesman also announced a festival of kites for next spring."
    result = compare([A + extra, B])
    whole = [u for u in result.unique if u.scope == "segment"]
    assert [u.span.text for u in whole] == [extra.strip()]
    assert whole[0].reason


def test_spans_match_text():
    texts = [A, B]
    for u in compare(texts).unique:
        assert texts[u.span.source][u.span.start : u.span.end] == u.span.text


def test_link_segments_gives_the_links_behind_the_alignments():
    segments, terms, links = link_segments([A, B])
    assert [len(s) for s in segments] == [1, 1]
    assert [st.segment for st in terms] == [segments[0][0], segments[1][0]]
    assert [(link.i, link.j) for link in links] == [(0, 1)]
    assert round(links[0].score, 6) == compare([A, B]).alignments[0].score


def test_link_segments_refuses_bad_input_like_compare():
    with pytest.raises(ValueError, match="empty"):
        link_segments([A, "   "])


def test_compare_pauses_the_cyclic_collector_and_restores_it():
    import gc

    from app.engine.pipeline import cyclic_gc_paused

    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        compare([A, B])
        assert not gc.isenabled()  # a caller's choice to keep it off is kept
    finally:
        gc.enable()
