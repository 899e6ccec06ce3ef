"""Conflicts on copies of the seeds with details changed: each change found once (issue 11)."""

from pathlib import Path

from app.engine import compare
from app.engine.discrepancies import distinct_conflicts, value_key
from app.engine.jsonout import to_json_dict

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
A = (SEEDS / "000_ecbd53d3eb4bde94.txt").read_text(encoding="utf-8")
B = (SEEDS / "004_fa9c2dbb009d6029.txt").read_text(encoding="utf-8")


def _discrepancies(a: str, b: str) -> list[tuple[str, str, str]]:
    found = distinct_conflicts(compare([a, b]).alignments)
    return [(d.conflict.kind, d.conflict.a.text, d.conflict.b.text) for d in found]


def test_the_seeds_as_published_have_no_discrepancy():
    assert _discrepancies(A, B) == []


def test_each_changed_detail_is_found_once():
    changed = B.replace("seventh Pakistan-China", "sixth Pakistan-China").replace(
        "CPEC Phase Two", "CPEC Phase Three"
    )
    found = _discrepancies(A, changed)
    assert len(found) == 2, found
    assert any("seventh" in a and "sixth" in b for _, a, b in found), found
    assert any("II" in a and "Three" in b for _, a, b in found), found


def test_a_detail_repeated_in_two_sentences_is_one_discrepancy():
    a = "The ministers met in Beijing on 4 January. On 4 January the ministers met in Beijing."
    b = "The ministers met in Beijing on 6 January."
    result = compare([a, b])
    conflicts = [c for al in result.alignments for c in al.conflicts]
    assert len(conflicts) == 2
    (only,) = distinct_conflicts(result.alignments)
    assert only.conflict.kind == "date" and len(only.conflicts) == 2
    doc = to_json_dict(result)
    assert len(doc["conflicts"]) == 2
    assert [d["conflicts"] for d in doc["discrepancies"]] == [[0, 1]]


def test_values_compare_on_matching_keys():
    assert value_key("Jan. 5") == value_key("January 5")
    assert value_key("4 January") != value_key("6 January")


def _date_conflicts(x: str, y: str) -> list[str]:
    from app.engine.conflicts import find_conflicts
    from app.engine.model import Span

    a = f"Dar and Wang Yi co-chaired the seventh round of the dialogue in Beijing on {x}."
    b = f"Dar and Wang Yi co-chaired the seventh round of the dialogue in Beijing on {y}."
    return [c.kind for c in find_conflicts(a, Span(0, 0, len(a), a), b, Span(1, 0, len(b), b))]


FOURTH = ["4 January 2026", "January 4, 2026", "Jan. 4, 2026", "2026-01-04", "Sunday, 4 January"]
SIXTH = ["6 January 2026", "January 6", "Jan. 6, 2026", "2026-01-06", "Tuesday, January 6"]


def test_dates_in_every_common_form_compare_as_dates():
    for x in FOURTH:
        for y in FOURTH:
            assert _date_conflicts(x, y) == [], (x, y)
        for y in SIXTH:
            assert _date_conflicts(x, y) == ["date"], (x, y)  # once, weekday or not


def test_an_ambiguous_numeric_date_spans_both_readings():
    assert _date_conflicts("4/1/2026", "January 4, 2026") == []
    assert _date_conflicts("4/1/2026", "April 1, 2026") == []
    assert _date_conflicts("13/1/2026", "January 14, 2026") == ["date"]


def test_times_are_kept_whole():
    assert _date_conflicts("4 January at 12:50 PM", "4 January at 2:50 PM") == ["time"]
    assert _date_conflicts("4 January at 14:05", "4 January at 2:05 p.m.") == []
