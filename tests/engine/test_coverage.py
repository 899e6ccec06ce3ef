"""Coverage of a primary statement, on a made-up joint statement and two made-up reports."""

from __future__ import annotations

import pytest

from app.engine import compare
from app.engine.coverage import classify_addition, primary_coverage
from app.engine.model import Alignment, Comparison, Span
from app.engine.segment import segment_text

PRIMARY = """Joint Statement of the Republic of Norland and the Kingdom of Sudavia

1. At the invitation of Foreign Minister Ilse Varga, Sudavian Foreign Minister Tomas Orrin \
paid an official visit to Norland from 2 to 4 May 2025.
2. The two ministers held talks in Halvik and agreed to raise bilateral relations to a \
comprehensive partnership.
3. Both sides agreed to double bilateral trade to 40 billion dollars by 2030.
4. The two sides will open a new rail link between Halvik and the Sudavian port of Merrow.
5. Norland and Sudavia firmly oppose any bloc confrontation in the region.
6. The ministers agreed to hold the next round of talks in Merrow next year.
"""

REPORT_QUOTES = """Norland and Sudavia raise ties, pledge to double trade

Norland and Sudavia agreed on Sunday to raise their relations to a comprehensive partnership \
after talks in Halvik between foreign ministers Ilse Varga and Tomas Orrin.
Both sides agreed to double bilateral trade to 40 billion dollars by 2030, the statement said.
The statement said the two countries "firmly oppose any bloc confrontation in the region".
Analysts said the pledge reflects growing worries about tensions along the northern border.
The two countries fought a brief border war in 1998 and restored diplomatic relations in 2004.
"""

REPORT_BRIEF = """Sudavia's foreign minister ends Norland visit

Sudavian Foreign Minister Tomas Orrin paid an official visit to Norland from May 2 to 4 at \
the invitation of his counterpart Ilse Varga.
The sides will build a new railway connecting Halvik with the Sudavian port of Merrow.
Construction of the line is due to begin in the autumn.
"""

TEXTS = [PRIMARY, REPORT_QUOTES, REPORT_BRIEF]


def clause_index(text: str) -> int:
    """The position among the primary's clauses (its sentences) of the one holding ``text``."""
    claims = [s for s in segment_text(PRIMARY) if s.kind in ("sentence", "list_item")]
    return next(k for k, s in enumerate(claims) if text in s.text)


@pytest.fixture(scope="module")
def coverage():
    return primary_coverage(TEXTS, 0, compare(TEXTS))


def statuses(coverage, text: str) -> list[str]:
    clause = coverage.clauses[clause_index(text)]
    return [c.status for c in clause.carried]


def test_one_clause_per_primary_sentence_and_one_carriage_per_report(coverage) -> None:
    sentences = [s.text for s in segment_text(PRIMARY) if s.kind != "heading"]
    assert [c.segment.text for c in coverage.clauses] == sentences
    assert not any(c.segment.text.startswith("Joint Statement") for c in coverage.clauses)
    for clause in coverage.clauses:
        assert [c.report for c in clause.carried] == [1, 2]


def test_quoted_paraphrased_and_omitted_clauses(coverage) -> None:
    assert statuses(coverage, "firmly oppose any bloc")[0] == "quoted"
    # repeated word for word, framed by "the statement said": quoted, not commentary
    assert statuses(coverage, "double bilateral trade") == ["quoted", "omitted"]
    assert statuses(coverage, "new rail link") == ["omitted", "paraphrased"]
    assert statuses(coverage, "next round of talks") == ["omitted", "omitted"]


def test_quoted_clause_points_at_the_quote_and_its_check(coverage) -> None:
    carriage = coverage.clauses[clause_index("firmly oppose")].carried[0]
    (span,) = carriage.spans
    assert span.source == 1
    assert REPORT_QUOTES[span.start : span.end] == span.text
    assert span.text == "firmly oppose any bloc confrontation in the region"
    assert [q.status for q in carriage.quotes] == ["exact"]


def test_paraphrase_spans_are_report_segments(coverage) -> None:
    carriage = coverage.clauses[clause_index("new rail link")].carried[1]
    assert carriage.spans and all(s.source == 2 for s in carriage.spans)
    for span in carriage.spans:
        assert REPORT_BRIEF[span.start : span.end] == span.text
    assert any("railway" in s.text for s in carriage.spans)


def test_additions_are_classified_with_their_cue(coverage) -> None:
    quotes_report, brief = coverage.reports
    kinds = {a.span.text.split()[0]: (a.kind, a.cue) for a in quotes_report.additions}
    assert kinds["Analysts"] == ("commentary", "Analysts")
    assert kinds["The"] == ("background", "1998")
    assert [(a.kind, a.span.text.split()[0]) for a in brief.additions] == [
        ("other", "Construction")
    ]
    for report in coverage.reports:
        text = TEXTS[report.report]
        for addition in report.additions:
            assert text[addition.span.start : addition.span.end] == addition.span.text


def test_summary_figures_add_up(coverage) -> None:
    for report in coverage.reports:
        assert report.quoted + report.paraphrased + report.omitted == report.total
        assert report.total == len(coverage.clauses)
        assert report.share == pytest.approx(report.carried / report.total)
        carried = sum(
            1 for c in coverage.clauses if c.carried[report.report - 1].status != "omitted"
        )
        assert carried == report.carried
    assert coverage.reports[0].quoted >= 1
    # the brief repeats "Sudavian Foreign Minister Tomas Orrin paid an official visit to
    # Norland" word for word, without quotation marks: a quote all the same
    assert coverage.reports[1].quoted == 1


def hand_made(texts: list[str], links: list[tuple[int, int, float, str]]) -> Comparison:
    """A comparison with only the given alignments (primary segment, report segment)."""
    segments = tuple(segment_text(t, k) for k, t in enumerate(texts))

    def span(source: int, index: int) -> Span:
        seg = segments[source][index]
        return Span(source, seg.start, seg.end, seg.text)

    alignments = tuple(
        Alignment(span(0, p), span(1, r), score, kind)  # type: ignore[arg-type]
        for p, r, score, kind in links
    )
    return Comparison(segments, alignments, (), ())


def test_weak_partial_alignment_is_not_a_paraphrase_nor_an_addition() -> None:
    primary = "The sides agreed on a new canal. They will meet again in June."
    report = "Work on a waterway was discussed. Nobody spoke about June."
    coverage = primary_coverage(
        [primary, report],
        0,
        hand_made(
            [primary, report],
            [
                (0, 0, 0.1, "partial"),
                (1, 1, 0.5, "partial"),
            ],
        ),
    )
    assert [c.carried[0].status for c in coverage.clauses] == ["omitted", "paraphrased"]
    assert coverage.reports[0].additions == ()
    assert coverage.reports[0].share == pytest.approx(0.5)


def test_scare_quotes_do_not_carry_a_clause() -> None:
    primary = "The sides agreed on a new canal across the plain."
    report = "Critics mocked the “new canal” plan."
    coverage = primary_coverage([primary, report], 0, hand_made([primary, report], []))
    assert coverage.clauses[0].carried[0].status == "omitted"
    (addition,) = coverage.reports[0].additions
    assert (addition.kind, addition.cue) == ("commentary", "Critics")


def test_classify_addition_cues() -> None:
    assert classify_addition("The deal is expected to pass.") == ("commentary", "is expected")
    assert classify_addition("The two states have long disputed the river.") == (
        "background",
        "have long",
    )
    assert classify_addition("A treaty was signed in 2019.", 2025)[0] == "background"
    assert classify_addition("Talks will resume in 2026.", 2025) == ("other", "")
    assert classify_addition("Ten trucks crossed the bridge.") == ("other", "")


def test_bad_arguments() -> None:
    comparison = compare(TEXTS)
    with pytest.raises(ValueError):
        primary_coverage(TEXTS, 3, comparison)
    with pytest.raises(ValueError):
        primary_coverage(TEXTS[:2], 0, comparison)


def test_a_clause_is_omitted_only_when_no_report_sentence_carries_it() -> None:
    primary = "The two sides will open a new rail link between Halvik and the port of Merrow."
    report = "A new rail link will join Halvik and the port of Merrow, officials said."
    coverage = primary_coverage([primary, report], 0, hand_made([primary, report], []))
    (clause,) = coverage.clauses
    assert clause.carried[0].status == "paraphrased"
    assert coverage.reports[0].additions == ()


def test_furniture_is_neither_a_clause_nor_an_addition() -> None:
    primary = (
        "Joint statement\nBy our correspondent\nHALVIK, May 2 (NNA): The sides agreed on a canal."
    )
    report = (
        "By Staff Reporter\nPhoto: The ministers in Halvik. \u2014 NNA\n"
        "The sides agreed on a canal."
    )
    coverage = primary_coverage([primary, report], 0, compare([primary, report]))
    assert [c.segment.text for c in coverage.clauses] == ["The sides agreed on a canal."]
    assert coverage.reports[0].additions == ()
