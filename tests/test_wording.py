"""'Worded differently' highlights (app.services.wording): only words the partner lacks."""

from __future__ import annotations

from app.services.comparison_analysis import Mark, outside
from app.services.wording import unshared_runs


def _pieces(start: int, text: str, partner: str) -> list[str]:
    return [text[lo - start : hi - start] for lo, hi in unshared_runs(start, text, partner)]


def test_words_the_partner_uses_in_any_form_are_not_marked() -> None:
    run = "agreed to expand cooperation in agriculture, minerals and Gwadar Port"
    partner = "Both sides said they would prioritise industry, agriculture and the Gwadar port."
    assert _pieces(100, run, partner) == ["agreed to expand cooperation", "minerals"]


def test_a_function_word_joins_a_run_only_between_two_new_words() -> None:
    assert _pieces(0, "the talks in Oslo", "The talks were held.") == ["Oslo"]
    assert _pieces(0, "visited Oslo and Bergen", "He visited.") == ["Oslo and Bergen"]
    assert _pieces(0, "nothing new here", "Nothing new here.") == []


def test_conflict_boxes_cut_the_diff_marks_they_cover() -> None:
    marks = (Mark(0, 10, "diff"), Mark(20, 30, "diff"))
    cut = outside(marks, [Mark(5, 22, "conflict")])
    assert [(m.start, m.end) for m in cut] == [(0, 5), (22, 30)]
    assert all(m.kind == "diff" for m in cut)
