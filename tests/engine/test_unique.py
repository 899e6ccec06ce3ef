from app.engine import compare

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
