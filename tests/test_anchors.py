"""Anchor resolution: exact, moved, ambiguous (decided by context or flagged), vanished."""

from __future__ import annotations

import pytest

from app.services.anchors import (
    Anchor,
    AnchorState,
    context_score,
    make_anchor,
    occurrences,
    resolve,
)

TEXT = (
    "The ministers met in Valmora on Tuesday. The harbour agreement was signed. "
    "Both sides praised the talks."
)
SIGNED = "The harbour agreement was signed."


def _anchor(text: str = TEXT, quote: str = SIGNED) -> Anchor:
    start = text.index(quote)
    return make_anchor(7, text, start, start + len(quote))


def test_make_anchor_quotes_the_span_and_its_context() -> None:
    anchor = _anchor()
    assert anchor.text == SIGNED
    assert TEXT[anchor.start : anchor.end] == SIGNED
    assert TEXT[: anchor.start].endswith(anchor.before) and anchor.before
    assert TEXT[anchor.end :].startswith(anchor.after) and anchor.after
    assert len(anchor.before) <= 32 and len(anchor.after) <= 32


@pytest.mark.parametrize(("start", "end"), [(5, 5), (-1, 3), (0, len(TEXT) + 1), (9, 4)])
def test_make_anchor_refuses_empty_or_outside_spans(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        make_anchor(1, TEXT, start, end)


def test_exact_offsets_still_hold() -> None:
    anchor = _anchor()
    found = resolve(anchor, TEXT + " A sentence added at the end.")
    assert found.state is AnchorState.ok
    assert (found.start, found.end) == (anchor.start, anchor.end)


def test_text_inserted_before_moves_the_anchor() -> None:
    anchor = _anchor()
    edited = "A new opening sentence. " + TEXT
    found = resolve(anchor, edited)
    assert found.state is AnchorState.moved
    assert found.start == anchor.start + len("A new opening sentence. ")
    assert found.start is not None and found.end is not None
    assert edited[found.start : found.end] == SIGNED


def test_ambiguous_quote_is_decided_by_its_context() -> None:
    text = "Rain fell. It was agreed. The port opened. It was agreed. Trade rose."
    second = text.index("It was agreed.", 20)
    anchor = make_anchor(1, text, second, second + len("It was agreed."))
    edited = "Overnight, " + text
    found = resolve(anchor, edited)
    assert found.state is AnchorState.moved
    assert found.start == second + len("Overnight, ")
    assert occurrences(edited, "It was agreed.") == [
        text.index("It was agreed.") + 11,
        second + 11,
    ]
    assert context_score(anchor, edited, second + 11) > context_score(
        anchor, edited, text.index("It was agreed.") + 11
    )


def test_ambiguous_quote_with_equal_context_is_flagged_not_guessed() -> None:
    text = "Aye. It was agreed. Aye. It was agreed. Aye."
    first = text.index("It was agreed.")
    anchor = make_anchor(1, text, first, first + 14, context=5)
    edited = "Hm. " + text
    found = resolve(anchor, edited)
    assert found.state is AnchorState.lost
    assert found.start is None
    assert "2 times" in found.reason


def test_vanished_quote_and_deleted_source_are_flagged() -> None:
    anchor = _anchor()
    found = resolve(anchor, TEXT.replace("was signed", "was postponed"))
    assert found.state is AnchorState.lost and not found.found
    assert "no longer" in found.reason
    gone = resolve(anchor, None)
    assert gone.state is AnchorState.lost and "deleted" in gone.reason


def test_offsets_are_code_points_not_bytes() -> None:
    text = "Ministers met in Zürich — “quietly”. The accord was signed."
    quote = "The accord was signed."
    start = text.index(quote)
    anchor = make_anchor(2, text, start, start + len(quote))
    found = resolve(anchor, "Ünïcödé first. " + text)
    assert found.state is AnchorState.moved
    assert found.start == start + len("Ünïcödé first. ")
