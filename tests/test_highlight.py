"""The pure highlighter: escaped output, exact text, overlapping spans."""

from __future__ import annotations

from app.web.highlight import highlight, highlight_pieces
from tests.html import soup


def _visible(markup: str) -> str:
    return soup(markup).get_text()


def test_no_spans_gives_the_escaped_text() -> None:
    assert str(highlight("a < b & c", [])) == "a &lt; b &amp; c"


def test_one_span_wraps_exactly_its_characters() -> None:
    out = str(highlight("held on 4 January.", [(8, 17, "hl-diff")]))
    assert out == 'held on <mark class="hl-diff">4 January</mark>.'


def test_article_html_is_shown_as_text_never_as_elements() -> None:
    text = "Before <script>alert(1)</script> and <b>bold</b> after."
    doc = soup(str(highlight(text, [(0, 6, "hl-unique"), (15, 23, "hl-diff")])))
    assert doc.find("script") is None and doc.find("b") is None
    assert doc.get_text() == text
    assert [m.get_text() for m in doc.find_all("mark")] == ["Before", "alert(1)"]


def test_overlapping_spans_split_into_pieces_with_both_classes() -> None:
    pieces = highlight_pieces("abcdefgh", [(1, 5, "x"), (3, 7, "y")])
    assert [_visible(str(p)) for p in pieces] == ["a", "bc", "de", "fg", "h"]
    doc = soup(str(highlight("abcdefgh", [(1, 5, "x"), (3, 7, "y")])))
    assert [m["class"] for m in doc.find_all("mark")] == [["x"], ["x", "y"], ["y"]]


def test_offset_maps_source_indices_onto_a_segment() -> None:
    source = "First sentence. Second one here."
    segment_start = 16
    segment = source[segment_start:]
    out = highlight(segment, [(23, 26, "hl-unique"), (0, 5, "hl-diff")], offset=segment_start)
    assert str(out) == 'Second <mark class="hl-unique">one</mark> here.'


def test_spans_outside_the_text_or_empty_are_ignored_and_clipped() -> None:
    out = highlight("abc", [(5, 9, "x"), (2, 2, "y"), (-3, 1, "z"), (2, 99, "w")])
    assert str(out) == '<mark class="z">a</mark>b<mark class="w">c</mark>'


def test_class_names_cannot_inject_markup() -> None:
    out = str(highlight("abc", [(0, 3, 'x"><script>')]))
    assert soup(out).find("script") is None
    assert _visible(out) == "abc"


def test_visible_text_is_always_the_input() -> None:
    text = "Ünïcode “quotes” — and <tags> & ampersands"
    spans = [(i, i + 3, f"c{i % 3}") for i in range(0, len(text), 2)]
    assert _visible(str(highlight(text, spans))) == text
