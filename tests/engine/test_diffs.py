"""Word-level diffs: what a reader of the side-by-side view would check."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.diffs import word_diff, word_tokens
from app.engine.model import DiffOp, Span


def whole(text: str, source: int) -> Span:
    return Span(source, 0, len(text), text)


def diff(a: str, b: str) -> tuple[DiffOp, ...]:
    return word_diff(a, whole(a, 0), b, whole(b, 1))


def changed_words(ops: tuple[DiffOp, ...]) -> tuple[list[str], list[str]]:
    only_a = [op.a.text for op in ops if op.op == "only_a" and op.a]
    only_b = [op.b.text for op in ops if op.op == "only_b" and op.b]
    return only_a, only_b


def test_only_the_differing_words_show() -> None:
    ops = diff(
        "zero-tolerance policy against terrorism",
        "\u201czero-tolerance\u201d policy toward terrorism",
    )
    assert changed_words(ops) == (["against"], ["toward"])
    assert [op.op for op in ops] == ["equal", "only_a", "only_b", "equal"]


def test_spelling_variants_are_not_differences() -> None:
    pairs = [
        ("defence", "defense"),
        ("terrorist organisations", "terrorist organizations"),
        ("economic stabilisation", "economic stabilization"),
        ("good-neighbourly policies", "good neighborly policies"),
    ]
    for a, b in pairs:
        ops = diff(a, b)
        assert [op.op for op in ops] == ["equal"], (a, b)


def test_case_quotes_dashes_and_whitespace_are_not_differences() -> None:
    a = "The China\u2013Pakistan  \u2018strategic\u2019 dialogue\u2014Beijing's view"
    b = 'the China-Pakistan "Strategic" dialogue - Beijing\u2019s\nview'
    assert [op.op for op in diff(a, b)] == ["equal"]


def test_equal_ops_have_both_spans_and_only_ops_one() -> None:
    a = "Ishaq Dar visited China from January 3 to January 5."
    b = "Dar visited Beijing on 4 January."
    ops = diff(a, b)
    for op in ops:
        if op.op == "equal":
            assert op.a is not None and op.b is not None
        elif op.op == "only_a":
            assert op.a is not None and op.b is None
        else:
            assert op.a is None and op.b is not None
    assert all(x.op != y.op for x, y in zip(ops, ops[1:], strict=False)), "adjacent ops merged"


def test_spans_point_into_the_original_texts_with_their_sources() -> None:
    text_a = "Headline\nThey agreed to expand cooperation in agriculture.\n"
    text_b = "Intro.\nBoth sides agreed to expand cooperation in mining.\n"
    a = Span(3, 9, 57, text_a[9:57])
    b = Span(5, 7, 58, text_b[7:58])
    ops = word_diff(text_a, a, text_b, b)
    for op in ops:
        if op.a:
            assert op.a.source == 3 and op.a.text == text_a[op.a.start : op.a.end]
            assert a.start <= op.a.start < op.a.end <= a.end
        if op.b:
            assert op.b.source == 5 and op.b.text == text_b[op.b.start : op.b.end]
            assert b.start <= op.b.start < op.b.end <= b.end
    assert changed_words(ops) == (["They", "agriculture"], ["Both sides", "mining"])


def test_numbers_and_ordinals_are_compared_by_value() -> None:
    assert [op.op for op in diff("the seventh round", "the 7th round")] == ["equal"]
    assert changed_words(diff("75 years", "70 years")) == (["75"], ["70"])


def test_empty_sides() -> None:
    assert diff("", "") == ()
    ops = diff("...", "New words")
    assert [op.op for op in ops] == ["only_b"]
    assert ops[0].b is not None and ops[0].b.text == "New words"


def test_span_outside_text_is_rejected() -> None:
    try:
        word_diff("abc", Span(0, 0, 10, "abc"), "abc", whole("abc", 1))
    except ValueError as exc:
        assert "outside" in str(exc)
    else:
        raise AssertionError("expected ValueError")


def _covered(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    return [(t.start, t.end) for s in spans for t in word_tokens(text, s.start, s.end)]


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text(), st.data())
def test_ops_cover_both_texts_in_order(text_a: str, text_b: str, data: st.DataObject) -> None:
    sa = data.draw(st.integers(0, len(text_a)))
    ea = data.draw(st.integers(sa, len(text_a)))
    sb = data.draw(st.integers(0, len(text_b)))
    eb = data.draw(st.integers(sb, len(text_b)))
    a, b = Span(0, sa, ea, text_a[sa:ea]), Span(1, sb, eb, text_b[sb:eb])
    ops = word_diff(text_a, a, text_b, b)
    spans_a = [op.a for op in ops if op.a is not None]
    spans_b = [op.b for op in ops if op.b is not None]
    for span, text, src in [(s, text_a, 0) for s in spans_a] + [(s, text_b, 1) for s in spans_b]:
        assert span.source == src
        assert span.start < span.end and span.text == text[span.start : span.end]
    want_a = [(t.start, t.end) for t in word_tokens(text_a, sa, ea)]
    want_b = [(t.start, t.end) for t in word_tokens(text_b, sb, eb)]
    assert _covered(text_a, spans_a) == want_a
    assert _covered(text_b, spans_b) == want_b


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Defence", "defense", "the", "The", "7th", "seventh", "a"])))
def test_identical_word_sequences_are_one_equal_op(words: list[str]) -> None:
    text = " ".join(words)
    ops = diff(text, text.upper())
    assert [op.op for op in ops] == (["equal"] if words else [])


# --- the C++ and the pure-Python diff-match-patch give the same ops ------------------------

_ALPHABET = [chr(0xE000 + k) for k in range(8)] + [chr(0xF0000 + k) for k in range(3)]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=_ALPHABET, max_size=40),
    st.text(alphabet=_ALPHABET, max_size=40),
    st.booleans(),
)
def test_fast_and_pure_diff_give_the_same_ops(a: str, b: str, semantic: bool) -> None:
    from app.engine.diffs import fast_char_diff, pure_char_diff

    assert fast_char_diff(a, b, semantic) == pure_char_diff(a, b, semantic)


_WORDS_A = "the policy against terrorism corridor Gwadar 7th seventh"
_WORDS_B = "the policy toward terrorism corridor Gwadar sixth 6"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS_A.split(" "))), st.lists(st.sampled_from(_WORDS_B.split(" ")))
)
def test_word_diff_is_the_same_with_the_pure_python_build(wa: list[str], wb: list[str]) -> None:
    import app.engine.diffs as diffs

    a, b = " ".join(wa), " ".join(wb)
    fast = diff(a, b)
    saved = diffs._fdmp
    try:
        diffs._fdmp = None
        diffs._segment_code.cache_clear()
        pure = diff(a, b)
    finally:
        diffs._fdmp = saved
    assert fast == pure
