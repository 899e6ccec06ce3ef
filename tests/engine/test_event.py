"""Event identity (issue 10): a source that reports another event is named and not aligned."""

from __future__ import annotations

import itertools

import orjson

from app.engine import compare
from app.engine.event import CalendarDate, dates_compatible, different_events, signature
from app.engine.jsonout import to_json_dict

NINTH = [
    "Ruritania and Freedonia held the ninth round of their trade talks in Geneva on 12 March. "
    "The two delegations agreed to cut tariffs on steel by 10 percent. "
    "They also agreed to open a joint customs office at the Kell border crossing.",
    "GENEVA, March 12: The ninth round of Ruritania-Freedonia trade talks ended in Geneva. "
    "Both sides agreed to reduce steel tariffs by 10 percent, officials said. "
    "A joint customs post will open at the Kell crossing.",
    "Negotiators from Freedonia and Ruritania met in Geneva on March 11 and 12 for the ninth "
    "round of talks. Tariffs on steel will fall by 10 percent under the deal.",
]
EIGHTH = (
    "Ruritania and Freedonia held the eighth round of their trade talks in Vienna on 3 October. "
    "The two delegations agreed to study lower tariffs on steel. "
    "They discussed a joint customs office at the Kell border crossing."
)


def test_signature_reads_ordinal_dates_and_place():
    sig = signature(NINTH[0])
    assert sig.ordinal == 9
    assert CalendarDate(None, 3, 12) in sig.dates
    assert sig.place == "Geneva"
    assert signature("The 7th Strategic Dialogue met in Beijing on 2026-01-04.").ordinal == 7
    assert CalendarDate(2026, 1, 4) in signature("It met on 2026-01-04.").dates
    assert CalendarDate(2026, 1, 4) in signature("It met on Jan. 4, 2026 in Beijing.").dates


def test_dates_agree_within_a_week_and_in_the_same_year():
    assert dates_compatible([CalendarDate(None, 1, 4)], [CalendarDate(2026, 1, 5)])
    assert not dates_compatible([CalendarDate(None, 1, 4)], [CalendarDate(None, 8, 21)])
    assert not dates_compatible([CalendarDate(2025, 1, 4)], [CalendarDate(2026, 1, 4)])


def test_the_report_of_another_round_is_flagged_and_aligned_with_nothing():
    result = compare([*NINTH, EIGHTH])
    assert [(w.kind, w.source) for w in result.warnings] == [("different_event", 3)]
    reason = result.warnings[0].reason
    assert "eighth" in reason and "Vienna" in reason and "ninth" in reason
    assert result.alignments, "the three reports of the ninth round still align"
    assert all(3 not in (al.a.source, al.b.source) for al in result.alignments)
    assert all(m.source != 3 for g in result.groups for m in g.members)
    doc = orjson.loads(orjson.dumps(to_json_dict(result)))
    assert doc["warnings"] == [{"kind": "different_event", "source": 3, "reason": reason}]


def test_without_a_majority_nothing_is_flagged():
    assert compare([NINTH[0], EIGHTH]).warnings == ()
    assert different_events([signature(t) for t in NINTH]) == ()


def test_the_flag_does_not_depend_on_the_order_of_the_sources():
    texts = [*NINTH, EIGHTH]
    for order in itertools.permutations(range(4)):
        warned = different_events([signature(texts[k]) for k in order])
        assert [order[w.source] for w in warned] == [3]


def test_signature_reads_the_opening_of_a_long_paste_only():
    from app.engine.event import SIGNATURE_CHARS

    opening = "The 7th round of talks met in Beijing on 4 January 2026. "
    filler = "Officials reviewed the agenda in detail. " * (SIGNATURE_CHARS // 40)
    sig = signature(opening + filler + "The 6th round met on 21 August 2025. " * 3)
    assert sig.ordinal == 7
    assert sig.dates == (CalendarDate(2026, 1, 4),)
    repeated = signature(opening * 50)
    assert repeated.dates == (CalendarDate(2026, 1, 4),)  # each date once


def test_signature_reads_months_in_any_case_and_texts_whose_lower_case_is_longer():
    # Month names are matched on the lowered text; a text whose lower case changes length
    # ("İ" lowers to two characters) is matched as written, with the same result.
    plain = "The Seventh Round opened in Ankara on MAY 4 and closed on 5 may 2026."
    turkish = "İstanbul hosted the Seventh Round in Ankara on MAY 4 and on 5 may 2026."
    for text in (plain, turkish):
        sig = signature(text)
        assert sig.ordinal == 7
        assert CalendarDate(None, 5, 4) in sig.dates
        assert CalendarDate(2026, 5, 5) not in sig.dates  # "5 may": the lower-case verb
    assert signature("They may 4 times meet.").dates == ()
