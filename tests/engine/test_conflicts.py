"""Conflicting details between aligned claims: what a reader would check."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.conflicts import find_conflicts
from app.engine.model import Conflict, Span


def whole(text: str, source: int) -> Span:
    return Span(source, 0, len(text), text)


def conflicts(a: str, b: str) -> tuple[Conflict, ...]:
    return find_conflicts(a, whole(a, 0), b, whole(b, 1))


def summary(a: str, b: str) -> list[tuple[str, str, str]]:
    return [(c.kind, c.a.text, c.b.text) for c in conflicts(a, b)]


def test_ordinal_round_differs() -> None:
    found = conflicts(
        "The ministers co-chaired the seventh round of the strategic dialogue.",
        "The ministers co-chaired the sixth round of the strategic dialogue.",
    )
    assert [(c.kind, c.a.text, c.b.text) for c in found] == [("ordinal", "seventh", "sixth")]
    assert found[0].explanation == "Ordinal differs: 'seventh' vs 'sixth'"


def test_ordinal_digits_and_words_agree_or_differ() -> None:
    assert summary("the 7th round of talks", "the seventh round of talks") == []
    assert summary("the 7th round of talks", "the 6th round of talks") == [
        ("ordinal", "7th", "6th")
    ]


def test_date_inside_the_other_range_is_complementary() -> None:
    assert (
        summary(
            "The minister was in the capital on 4 January for talks.",
            "The minister visited the capital from January 3 to January 5 for talks.",
        )
        == []
    )
    assert summary("talks held 3-5 March", "talks held on March 4th") == []
    assert summary("talks held in March", "talks held on 12 March 2024") == []


def test_different_days_conflict() -> None:
    assert summary("The talks were held on 4 January.", "The talks were held on 5 January.") == [
        ("date", "4 January", "5 January")
    ]
    assert summary("talks held on 6 May 2024", "talks held on 6 May 2025") == [
        ("date", "6 May 2024", "6 May 2025")
    ]


def test_numbers_with_the_same_unit_conflict() -> None:
    assert summary(
        "celebrations to mark 75 years of diplomatic relations",
        "celebrations to mark seventy years of diplomatic relations",
    ) == [("number", "75", "seventy")]
    assert summary("a loan of $2.5 billion for roads", "a loan of $2.5bn for roads") == []
    assert summary("a $140-150 million loan deal", "a $145 million loan deal") == []
    assert summary("about 300 people attended the rally", "290 people attended the rally") == []


def test_numbers_the_other_side_also_states_are_not_conflicts() -> None:
    assert (
        summary(
            "He played 15 seasons, the first 11 with the club.",
            "He spent 11 seasons with the club in a 15-year career.",
        )
        == []
    )


def test_times_and_model_numbers_are_not_quantities() -> None:
    assert (
        summary("Updated 20:09 IST, the rifles seized", "Updated 18:50 IST, the rifles seized")
        == []
    )
    assert summary("six AK-47 rifles were seized", "six AK-74 rifles were seized") == []


def test_place_in_the_same_slot() -> None:
    found = conflicts(
        "The talks were held in Beijing on Monday.", "The talks were held in Islamabad on Monday."
    )
    assert [(c.kind, c.a.text, c.b.text) for c in found] == [("place", "Beijing", "Islamabad")]
    assert found[0].explanation == "Place differs: 'Beijing' vs 'Islamabad'"


def test_person_after_a_title() -> None:
    assert summary(
        "The dialogue was co-chaired by Foreign Minister Anna Berg.",
        "The dialogue was co-chaired by Foreign Minister Tom Lind.",
    ) == [("person", "Anna Berg", "Tom Lind")]


def test_names_in_another_order_or_spelling_are_not_conflicts() -> None:
    assert (
        summary(
            "Minister Anna Berg and Minister Tom Lind met the press.",
            "Minister Tom Lind and Minister Anna Berg met the press.",
        )
        == []
    )
    assert (
        summary(
            "President Gurbanguly Berdimuhamedov said the vote was fair.",
            "President Kurbanguly Berdimuhamedov said the vote was fair.",
        )
        == []
    )


def test_name_mentioned_elsewhere_in_the_other_text_is_not_a_conflict() -> None:
    a = "The talks were held in Beijing. Later the delegation flew to Shanghai."
    b = "The talks were held in Shanghai."
    seg_a = Span(0, 0, a.index(".") + 1, a[: a.index(".") + 1])
    assert find_conflicts(a, seg_a, b, whole(b, 1)) == ()


def test_modality_agreed_vs_discussed() -> None:
    found = conflicts(
        "Both sides agreed to enhance strategic communication.",
        "Both sides discussed enhancing strategic communication.",
    )
    assert [(c.kind, c.a.text, c.b.text) for c in found] == [("modality", "agreed", "discussed")]
    assert "firm" in found[0].explanation and "tentative" in found[0].explanation


def test_modality_will_may_and_signed_expected() -> None:
    assert summary("The sides will deepen cooperation.", "The sides may deepen cooperation.") == [
        ("modality", "will", "may")
    ]
    assert summary(
        "Pakistan signed the trade agreement.", "Pakistan is expected to sign the trade agreement."
    ) == [("modality", "signed", "expected to")]


def test_firm_paraphrases_are_not_modality_conflicts() -> None:
    assert summary("They agreed to expand trade.", "They will expand trade.") == []
    assert summary("They agreed to explore new areas.", "They agreed to explore new areas.") == []
    assert summary("May 5 talks in the capital", "5 May talks in the capital") == []


def test_identical_and_unrelated_segments_have_no_conflicts() -> None:
    text = "On 4 January the two sides signed 12 agreements in Beijing, the seventh such round."
    assert conflicts(text, text) == ()
    assert (
        summary(
            "In 1992, she left a hospital in California.",
            "The team won 40 games in 2008 under a new coach.",
        )
        == []
    )


def test_spans_point_into_the_original_texts() -> None:
    text_a = "Intro line.\nThe talks were held on 4 January in Beijing.\n"
    text_b = "Other intro.\nThe talks were held on 5 January in Beijing.\n"
    a = Span(2, 12, 56, text_a[12:56])
    b = Span(7, 13, 57, text_b[13:57])
    (found,) = find_conflicts(text_a, a, text_b, b)
    assert found.a.source == 2 and found.b.source == 7
    assert found.a.text == text_a[found.a.start : found.a.end] == "4 January"
    assert found.b.text == text_b[found.b.start : found.b.end] == "5 January"


def test_results_are_deterministic_and_sorted() -> None:
    a = "On 4 January they agreed to build 3 dams and a seventh road in Lahore."
    b = "On 5 January they discussed building 4 dams and a sixth road in Karachi."
    first, second = conflicts(a, b), conflicts(a, b)
    assert first == second
    assert {c.kind for c in first} >= {"date", "ordinal", "number"}
    assert list(first) == sorted(first, key=lambda c: (c.a.start, c.b.start, c.kind))


words = st.sampled_from(
    ["on", "4", "January", "seventh", "round", "in", "Beijing", "agreed", "may", "will", "$",
     "75", "years", "-", "to", "between", "and", "Phase", "II", "Minister", "Li", "said", ",",
     "2026", "%", "million", "Monday", "not", "expected", "sign", "“", "’s", "3rd", ":"]
)  # fmt: skip
texty = st.one_of(st.text(), st.lists(words, max_size=25).map(" ".join))


@settings(max_examples=400, deadline=None)
@given(texty, texty, st.data())
def test_never_crashes_and_spans_are_valid(text_a: str, text_b: str, data: st.DataObject) -> None:
    sa = data.draw(st.integers(0, len(text_a)))
    ea = data.draw(st.integers(sa, len(text_a)))
    sb = data.draw(st.integers(0, len(text_b)))
    eb = data.draw(st.integers(sb, len(text_b)))
    found = find_conflicts(
        text_a, Span(0, sa, ea, text_a[sa:ea]), text_b, Span(1, sb, eb, text_b[sb:eb])
    )
    for c in found:
        assert c.kind in {"number", "date", "ordinal", "person", "place", "modality"}
        assert c.a.source == 0 and c.b.source == 1 and c.explanation
        assert sa <= c.a.start < c.a.end <= ea and c.a.text == text_a[c.a.start : c.a.end]
        assert sb <= c.b.start < c.b.end <= eb and c.b.text == text_b[c.b.start : c.b.end]
