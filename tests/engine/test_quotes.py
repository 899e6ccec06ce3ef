"""Quote check: finding quotations in a report and checking them against a primary text.

Every text here is made up for the tests (two fictional countries, Norland and Sudavia).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.quotes import Quote, check_quotes, find_quotes

PRIMARY = (
    "1. Norland and Sudavia firmly oppose any bloc confrontation in the region.\n"
    "2. Both countries agreed to adopt a zero-tolerance policy against terrorism.\n"
    "3. The two sides will strengthen all-weather strategic cooperation in defence, "
    "trade and culture.\n"
    "4. The ministers welcomed the opening of the Harbour Road crossing on 12 March.\n"
)


def inner(text: str, quotes: list[Quote]) -> list[str]:
    return [q.text for q in quotes]


def test_finds_straight_and_curly_single_and_double_quotes() -> None:
    report = (
        'The minister said “we will not bend”, adding "never" twice. '
        "Aides called it ‘historic’ and 'overdue'."
    )
    quotes = find_quotes(report)
    assert inner(report, quotes) == ["we will not bend", "never", "historic", "overdue"]
    for q in quotes:
        assert report[q.inner_start : q.inner_end] == q.text
        assert report[q.start] in "“\"‘'" and report[q.end - 1] in "”\"’'"


def test_apostrophes_inside_and_after_words_are_not_quotes() -> None:
    report = (
        "Sudavia’s envoy didn't comment. The countries' leaders met in the ’90s, "
        "and Norland's press called it ‘a turning point’."
    )
    assert inner(report, find_quotes(report)) == ["a turning point"]


def test_nested_quotes_have_depth() -> None:
    report = "He said: “We reject any ‘bloc confrontation’ here,” and left."
    outer, nested = find_quotes(report)
    assert (outer.text, outer.depth) == ("We reject any ‘bloc confrontation’ here,", 0)
    assert (nested.text, nested.depth) == ("bloc confrontation", 1)
    assert outer.start < nested.start < nested.end < outer.end


def test_a_quote_may_span_sentences_but_not_paragraphs() -> None:
    report = (
        "“Peace is our aim. We will keep talking,” she said.\n"
        "“This part runs on.\n"
        "“And ends here,” she added."
    )
    quotes = find_quotes(report)
    assert inner(report, quotes) == [
        "Peace is our aim. We will keep talking,",
        "This part runs on.",
        "And ends here,",
    ]
    assert [q.closed for q in quotes] == [True, False, True]


def test_empty_or_punctuation_only_quotes_are_ignored() -> None:
    assert find_quotes('He said "" and “ — ” then left.') == []


def test_exact_quote_ignores_quote_style_case_dashes_and_spelling() -> None:
    report = (
        "The ministers said both countries “agreed to adopt a zero tolerance policy against "
        "terrorism” and would “strengthen all-weather strategic cooperation in defense”."
    )
    checks = check_quotes(report, PRIMARY)
    assert [c.status for c in checks] == ["exact", "exact"]
    first = checks[0]
    assert first.match is not None
    assert first.match.text == "agreed to adopt a zero-tolerance policy against terrorism"
    assert PRIMARY[first.match.start : first.match.end] == first.match.text


def test_misquote_shows_the_changed_words_on_both_sides() -> None:
    report = 'A spokesman said the sides "firmly oppose any military confrontation in the region".'
    (check,) = check_quotes(report, PRIMARY, report_source=2, primary_source=0)
    assert check.status == "misquote"
    changed = [op for op in check.diff if op.op != "equal"]
    shown = [(op.op, op.a.text if op.a else None, op.b.text if op.b else None) for op in changed]
    assert shown == [
        ("only_a", "military", None),
        ("only_b", None, "bloc"),
    ]
    for op in check.diff:
        if op.a:
            assert op.a.source == 2 and report[op.a.start : op.a.end] == op.a.text
        if op.b:
            assert op.b.source == 0 and PRIMARY[op.b.start : op.b.end] == op.b.text


def test_words_left_out_make_a_misquote_unless_an_ellipsis_marks_them() -> None:
    report = "“The two sides will strengthen cooperation” and “will strengthen … cooperation”."
    left_out, elided = check_quotes(report, PRIMARY)
    assert left_out.status == "misquote"
    assert [op.b.text for op in left_out.diff if op.op == "only_b" and op.b] == [
        "all-weather strategic"
    ]
    assert elided.status == "exact"


def test_short_quotes_are_found_only_when_the_phrase_occurs() -> None:
    report = "Both spoke of “zero-tolerance”, of ‘all-weather’ ties and of a ‘thaw’."
    statuses = {c.quote.text: c.status for c in check_quotes(report, PRIMARY)}
    assert statuses == {"zero-tolerance": "exact", "all-weather": "exact", "thaw": "unverifiable"}


def test_quote_from_elsewhere_is_unverifiable_not_false() -> None:
    report = 'An analyst called the deal "a quiet victory for the northern camp".'
    (check,) = check_quotes(report, PRIMARY)
    assert check.status == "unverifiable"
    assert check.match is None and check.diff == ()
    assert not check.found


def test_quote_sharing_too_few_words_is_unverifiable() -> None:
    report = 'Officials said "the two sides agreed" on little else.'
    (check,) = check_quotes(report, PRIMARY)
    assert check.status == "unverifiable"


def test_nested_quotes_are_checked_only_on_request() -> None:
    report = "He said “we oppose any ‘bloc confrontation’ in the region”."
    assert len(check_quotes(report, PRIMARY)) == 1
    assert [c.quote.depth for c in check_quotes(report, PRIMARY, nested=True)] == [0, 1]


def test_empty_texts() -> None:
    assert check_quotes("", PRIMARY) == []
    (check,) = check_quotes("He said “hello there”.", "")
    assert check.status == "unverifiable"


QUOTEY = st.lists(
    st.sampled_from(list("ab c’'\"“”‘’«»\n.,-…") + ["zero", "policy", " the "]), max_size=40
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | QUOTEY)
def test_find_quotes_never_crashes_and_spans_are_in_range(text: str) -> None:
    for q in find_quotes(text):
        assert 0 <= q.start <= q.inner_start < q.inner_end <= q.end <= len(text)
        assert text[q.inner_start : q.inner_end] == q.text == q.text.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=150) | QUOTEY, st.text(max_size=150) | QUOTEY)
def test_check_quotes_never_crashes_and_spans_are_in_range(report: str, primary: str) -> None:
    for check in check_quotes(report, primary):
        assert check.status in ("exact", "misquote", "unverifiable")
        assert 0.0 <= check.score <= 100.0
        if check.match is not None:
            assert 0 <= check.match.start < check.match.end <= len(primary)
            assert primary[check.match.start : check.match.end] == check.match.text
        for op in check.diff:
            if op.a:
                assert report[op.a.start : op.a.end] == op.a.text
            if op.b:
                assert primary[op.b.start : op.b.end] == op.b.text
