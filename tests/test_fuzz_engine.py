"""Hypothesis fuzzing of the engine's entry points with arbitrary Unicode: no crash, and every
reported span indexes the text it came from."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine import compare, segment_text
from app.engine.quotes import find_quotes
from tests.robustness import record

pytestmark = pytest.mark.slow

# Mix plain words with the characters that break naive text code: quotes, dashes, combining
# marks, surrogate-free astral symbols, controls, right-to-left text and odd whitespace.
ALPHABET = st.sampled_from(
    list("abc XYZ .,;:!?'\"-–—“”‘’()[]0123456789\n\t\r")
    + ["\u0301", "\u200b", "\u202e", "\u00a0", "\u2028", "😀", "中文", "ا", "\x00", "\ufeff"]
)
TEXT = st.lists(ALPHABET, min_size=1, max_size=120).map("".join)
FUZZ = settings(
    max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


@FUZZ
@given(texts=st.lists(TEXT, min_size=2, max_size=4))
def test_compare_never_crashes_and_spans_index_their_text(texts: list[str]) -> None:
    record("engine_fuzz_cases")
    if any(not t.strip() for t in texts):
        with pytest.raises(ValueError):
            compare(texts)
        return
    result = compare(texts)
    for al in result.alignments:
        for span in (al.a, al.b):
            assert texts[span.source][span.start : span.end] == span.text
    for unique in result.unique:
        span = unique.span
        assert 0 <= span.start < span.end <= len(texts[span.source])


@FUZZ
@given(text=TEXT)
def test_segmentation_and_quotes_never_crash(text: str) -> None:
    record("engine_fuzz_cases")
    for seg in segment_text(text):
        assert text[seg.start : seg.end] == seg.text
    for quote in find_quotes(text):
        assert 0 <= quote.start <= quote.end <= len(text)
