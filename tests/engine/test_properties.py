"""Hypothesis properties of segmentation and compare() (issue 3)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine import compare, segment_text

WORDS = [
    "minister",
    "talks",
    "port",
    "railway",
    "Ruritania",
    "Freedonia",
    "agreed",
    "trade",
    "seventh",
    "7th",
    "U.S.",
    "Mr.",
    "\u201cpeace\u201d",
    "defence",
    "defense",
    "2024",
    "Phase-II",
    "cooperation",
    "storm",
    "cheese",
    "kites",
    "signed",
]

sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
news = st.lists(sentence, min_size=1, max_size=6).map(" ".join)
PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spans(result):
    for al in result.alignments:
        yield al.a
        yield al.b
    for u in result.unique:
        yield u.span
    for g in result.groups:
        yield from g.members


@PROPS
@given(st.text(min_size=1))
def test_segments_offsets_any_unicode(text):
    for seg in segment_text(text):
        assert 0 <= seg.start < seg.end <= len(text)
        assert text[seg.start : seg.end] == seg.text


@PROPS
@given(st.lists(st.text(min_size=1), min_size=2, max_size=4))
def test_arbitrary_unicode_never_crashes(texts):
    if any(not t.strip() for t in texts):
        return
    result = compare(texts)
    for span in _spans(result):
        assert 0 <= span.start < span.end <= len(texts[span.source])
        assert texts[span.source][span.start : span.end] == span.text


@PROPS
@given(st.lists(news, min_size=2, max_size=4))
def test_offsets_and_scores(texts):
    result = compare(texts)
    for span in _spans(result):
        assert texts[span.source][span.start : span.end] == span.text
    for al in result.alignments:
        assert al.a.source < al.b.source and 0.0 <= al.score <= 1.0


def _canonical(result, order):
    """Alignments and unique spans keyed by original source index."""
    pairs = {
        frozenset({(order[al.a.source], al.a.start), (order[al.b.source], al.b.start)})
        for al in result.alignments
    }
    unique = {(order[u.span.source], u.span.start, u.span.end) for u in result.unique}
    return pairs, unique


@PROPS
@given(st.lists(news, min_size=2, max_size=4), st.randoms())
def test_order_of_sources_does_not_matter(texts, rnd):
    order = list(range(len(texts)))
    rnd.shuffle(order)
    shuffled = [texts[k] for k in order]
    assert _canonical(compare(texts), list(range(len(texts)))) == _canonical(
        compare(shuffled), order
    )


@PROPS
@given(st.lists(sentence, min_size=1, max_size=5, unique=True))
def test_identical_texts_align_everything(sentences):
    text = " ".join(sentences)
    result = compare([text, text])
    assert result.unique == ()
    aligned = {al.a.start for al in result.alignments}
    assert aligned == {seg.start for seg in result.segments[0]}


def test_unrelated_texts_align_nothing():
    a = "The orchestra rehearsed Mahler symphonies in Vienna. Tickets sold out quickly."
    b = "Farmers in Iowa harvested record corn yields. Rain delayed soybean planting."
    result = compare([a, b])
    assert result.alignments == ()
    assert {u.scope for u in result.unique} == {"segment"}
