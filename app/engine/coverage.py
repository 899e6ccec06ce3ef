"""Coverage of a primary statement: which clauses each report carried, and what it added.

Given the texts of a dossier, the index of the primary source (an official statement) and the
engine's :class:`~app.engine.model.Comparison` of those texts, :func:`primary_coverage` says for
every segment of the primary and every report whether the report

- ``quoted`` it: a quote of the report (:func:`app.engine.quotes.check_quotes`, found as
  ``exact`` or ``misquote``) of at least :data:`QUOTE_MIN_WORDS` words lies in the segment;
- ``paraphrased`` it: the engine aligned a segment of the report with it, as ``equivalent``
  or as ``partial`` with a score of at least ``min_score`` (:data:`PARTIAL_MIN_SCORE`);
- ``omitted`` it: neither.

The primary's clauses are its sentences and list items: its headline, byline, dateline and
other furniture are not claims. A report sentence that repeats at least :data:`VERBATIM_WORDS`
consecutive words of a clause quotes it, with or without quotation marks and whatever
reporting verb ("said") frames it; a report sentence that holds most of a clause's content
words (:data:`CARRY_SHARE`) carries it, aligned or not, so a clause is ``omitted`` only when
no sentence of the report carries it.

Every report sentence or list item (headings and furniture aside) that has no alignment at
all with a primary segment, holds no found quote of the primary and carries no clause is an
*addition*, classified by plain word cues (the
cue found is kept, so the reason can be shown): ``commentary`` (attributed opinion or
analysis: "said", "according to", "analysts", "is expected"…), else ``background`` (earlier
events: "last year", "has long", "in 2019" for a year before the reference year…), else
``other``.

Invariants:
- ``clauses`` follow the primary's sentences and list items in order, one each; each has one
  :class:`Carriage` per report, in source order;
- every span's offsets are ``str`` indices into ``texts[span.source]`` and
  ``span.text == texts[span.source][span.start:span.end]``;
- for each report, ``quoted + paraphrased + omitted == total`` (the primary's clause count)
  and ``share == (quoted + paraphrased) / total`` (0 when the primary has no segment).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.engine.diffs import word_tokens
from app.engine.model import FURNITURE_KINDS, Comparison, Segment, Span
from app.engine.normalize import is_stopword, match_key
from app.engine.quotes import QuoteCheck, check_quotes

CarriedStatus = Literal["quoted", "paraphrased", "omitted"]
AdditionKind = Literal["commentary", "background", "other"]

#: A quote shorter than this carries a phrase, not a clause (a scare-quoted term).
QUOTE_MIN_WORDS = 3
#: Least score of a ``partial`` alignment for the clause to count as paraphrased.
PARTIAL_MIN_SCORE = 0.3
#: Consecutive words of a clause that a report sentence must repeat to quote it unmarked.
VERBATIM_WORDS = 8
#: Content words among them (a run of function words and place names is no quote).
VERBATIM_CONTENT = 5
#: Share of a clause's content words (at least :data:`CARRY_MIN_WORDS`) that a report
#: sentence must hold to carry the clause without an alignment.
CARRY_SHARE = 0.6
CARRY_MIN_WORDS = 4
CLAIM_KINDS = frozenset({"sentence", "list_item"})

_COMMENTARY = re.compile(
    r"\b(?:said|says|saying|told|according to|analysts?|critics?|observers?|experts?|"
    r"commentators?|officials? (?:say|said|believe)|is expected|are expected|was expected|"
    r"is likely|are likely|seen as|widely seen|believed?|argued?|argues|warned|noted|"
    r"in an interview|suggests?|signals?|appears? to|remains? to be seen|"
    r"in (?:his|her|their) view)\b",
    re.IGNORECASE,
)
_BACKGROUND_WORDS = re.compile(
    r"\b(?:last (?:year|month|week|decade)|previous(?:ly)?|earlier|formerly|has long|"
    r"have long|had long|for decades|for years|since (?:the )?\d{4}|in the past|history|"
    r"historic(?:al|ally)?|was (?:first|signed|launched|founded|established)|"
    r"were (?:first|signed|launched|founded|established)|dates back|ago)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True, slots=True)
class Carriage:
    """How one report carried one primary segment; ``spans`` are the report's evidence.

    For ``quoted``, ``spans`` are the quotes' inner spans and ``quotes`` their checks (a
    misquote still counts as carried: the clause was quoted, though not faithfully); for
    ``paraphrased``, the aligned report segments; for ``omitted``, nothing.
    """

    report: int
    status: CarriedStatus
    spans: tuple[Span, ...] = ()
    quotes: tuple[QuoteCheck, ...] = ()


@dataclass(frozen=True, slots=True)
class PrimaryClause:
    """One segment of the primary and how each report carried it."""

    segment: Segment
    carried: tuple[Carriage, ...]


@dataclass(frozen=True, slots=True)
class Addition:
    """A report segment with nothing from the primary; ``cue`` is the text that decided."""

    span: Span
    kind: AdditionKind
    cue: str


@dataclass(frozen=True, slots=True)
class ReportCoverage:
    """Summary figures of one report against the primary."""

    report: int
    total: int
    quoted: int
    paraphrased: int
    omitted: int
    share: float
    additions: tuple[Addition, ...]
    quote_checks: tuple[QuoteCheck, ...]

    @property
    def carried(self) -> int:
        return self.quoted + self.paraphrased


@dataclass(frozen=True, slots=True)
class PrimaryCoverage:
    """The whole coverage view: clauses in primary order, reports in source order."""

    primary: int
    clauses: tuple[PrimaryClause, ...]
    reports: tuple[ReportCoverage, ...]


def _overlap_words(text: str, a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    lo, hi = max(a_start, b_start), min(a_end, b_end)
    return len(word_tokens(text, lo, hi)) if lo < hi else 0


def classify_addition(text: str, reference_year: int | None = None) -> tuple[AdditionKind, str]:
    """The kind of an addition and the cue that decided it (``""`` for ``other``).

    Commentary cues win over background cues; a year counts as background when it is before
    ``reference_year`` (the event's year).
    """
    match = _COMMENTARY.search(text)
    if match:
        return "commentary", match.group()
    match = _BACKGROUND_WORDS.search(text)
    if match:
        return "background", match.group()
    if reference_year is not None:
        for year in _YEAR.finditer(text):
            if int(year.group()) < reference_year:
                return "background", year.group()
    return "other", ""


def _reference_year(primary_text: str, event_year: int | None) -> int | None:
    if event_year is not None:
        return event_year
    years = [int(y) for y in _YEAR.findall(primary_text)]
    return max(years) if years else None


def _keys(text: str, seg: Segment) -> list[str]:
    return [match_key(t.text) for t in word_tokens(text, seg.start, seg.end)]


def _verbatim_run(clause: list[str], sentence: list[str]) -> bool:
    """True when ``sentence`` repeats :data:`VERBATIM_WORDS` consecutive words of ``clause``."""
    n = VERBATIM_WORDS
    if len(clause) < n:
        return len(clause) >= QUOTE_MIN_WORDS and " ".join(clause) in " ".join(sentence)
    windows = (tuple(clause[k : k + n]) for k in range(len(clause) - n + 1))
    grams = {g for g in windows if sum(not is_stopword(w) for w in g) >= VERBATIM_CONTENT}
    return any(tuple(sentence[k : k + n]) in grams for k in range(len(sentence) - n + 1))


def _carries(clause: list[str], sentence: set[str]) -> bool:
    """True when ``sentence`` holds most of the clause's content words."""
    content = {k for k in clause if k and not is_stopword(k)}
    if len(content) < CARRY_MIN_WORDS:
        return False
    return len(content & sentence) >= CARRY_SHARE * len(content)


def _carried_by_words(
    texts: Sequence[str], clauses: Sequence[Segment], reports: Sequence[Segment]
) -> tuple[dict[int, list[Segment]], dict[int, list[Segment]]]:
    """Report sentences that repeat a clause verbatim, and those that hold its content words."""
    if not clauses or not reports:
        return {}, {}
    primary, report = clauses[0].source, reports[0].source
    r_keys = [(seg, _keys(texts[report], seg)) for seg in reports]
    verbatim: dict[int, list[Segment]] = {}
    carried: dict[int, list[Segment]] = {}
    for clause in clauses:
        keys = _keys(texts[primary], clause)
        for seg, sentence in r_keys:
            if _verbatim_run(keys, sentence):
                verbatim.setdefault(clause.index, []).append(seg)
            elif _carries(keys, set(sentence)):
                carried.setdefault(clause.index, []).append(seg)
    return verbatim, carried


def _spans(segments: Sequence[Segment]) -> tuple[Span, ...]:
    return tuple(Span(seg.source, seg.start, seg.end, seg.text) for seg in segments)


def _report_coverage(
    texts: Sequence[str],
    primary: int,
    report: int,
    comparison: Comparison,
    reference_year: int | None,
    min_score: float,
) -> tuple[list[Carriage], ReportCoverage]:
    p_segments = [seg for seg in comparison.segments[primary] if seg.kind in CLAIM_KINDS]
    r_segments = [seg for seg in comparison.segments[report] if seg.kind not in FURNITURE_KINDS]
    r_claims = [seg for seg in r_segments if seg.kind in CLAIM_KINDS]
    verbatim, by_words = _carried_by_words(texts, p_segments, r_claims)
    checks = tuple(
        check_quotes(texts[report], texts[primary], report_source=report, primary_source=primary)
    )
    found = [c for c in checks if c.match is not None and c.words >= QUOTE_MIN_WORDS]
    aligned: dict[int, list[Span]] = {}
    report_used: set[int] = set()
    starts = {seg.start: seg.index for seg in p_segments}
    r_starts = {seg.start: seg.index for seg in r_segments}
    for al in comparison.alignments:
        pair = {al.a.source: al.a, al.b.source: al.b}
        if primary not in pair or report not in pair or pair[primary].start not in starts:
            continue
        if pair[report].start in r_starts:
            report_used.add(r_starts[pair[report].start])
        if al.kind == "equivalent" or al.score >= min_score:
            aligned.setdefault(starts[pair[primary].start], []).append(pair[report])
    carriages: list[Carriage] = []
    for seg in p_segments:
        quotes = tuple(
            c
            for c in found
            if c.match is not None
            and _overlap_words(texts[primary], seg.start, seg.end, c.match.start, c.match.end)
            >= min(QUOTE_MIN_WORDS, len(word_tokens(texts[primary], seg.start, seg.end)))
        )
        if quotes:
            spans = tuple(
                Span(report, c.quote.inner_start, c.quote.inner_end, c.quote.text) for c in quotes
            )
            carriages.append(Carriage(report, "quoted", spans, quotes))
        elif seg.index in verbatim:
            carriages.append(Carriage(report, "quoted", _spans(verbatim[seg.index])))
        elif seg.index in aligned:
            carriages.append(Carriage(report, "paraphrased", tuple(aligned[seg.index])))
        elif seg.index in by_words:
            carriages.append(Carriage(report, "paraphrased", _spans(by_words[seg.index])))
        else:
            carriages.append(Carriage(report, "omitted"))
    for c in found:
        for seg in r_segments:
            if seg.start <= c.quote.inner_start < seg.end:
                report_used.add(seg.index)
    for carrying in (*verbatim.values(), *by_words.values()):
        report_used.update(seg.index for seg in carrying)
    additions = []
    for seg in r_claims:
        if seg.index not in report_used:
            kind, cue = classify_addition(seg.text, reference_year)
            additions.append(Addition(Span(report, seg.start, seg.end, seg.text), kind, cue))
    counts = {s: sum(1 for c in carriages if c.status == s) for s in ("quoted", "paraphrased")}
    total = len(p_segments)
    summary = ReportCoverage(
        report=report,
        total=total,
        quoted=counts["quoted"],
        paraphrased=counts["paraphrased"],
        omitted=total - counts["quoted"] - counts["paraphrased"],
        share=(counts["quoted"] + counts["paraphrased"]) / total if total else 0.0,
        additions=tuple(additions),
        quote_checks=checks,
    )
    return carriages, summary


def primary_coverage(
    texts: Sequence[str],
    primary: int,
    comparison: Comparison,
    *,
    event_year: int | None = None,
    min_score: float = PARTIAL_MIN_SCORE,
) -> PrimaryCoverage:
    """Coverage of ``texts[primary]`` by every other text, from ``comparison`` of ``texts``.

    ``comparison`` must be ``app.engine.compare(texts)`` (same texts, same order).
    ``event_year`` is the reference for "a year before the event" (default: the latest year
    the primary mentions); ``min_score`` is the least score of a partial alignment that counts
    as a paraphrase. Raises ``ValueError`` when ``primary`` is not a source index or
    the comparison does not match the texts.
    """
    if not 0 <= primary < len(texts):
        raise ValueError(f"primary {primary} is not one of the {len(texts)} sources")
    if len(comparison.segments) != len(texts):
        raise ValueError("the comparison was made for other texts")
    reference = _reference_year(texts[primary], event_year)
    per_report: list[list[Carriage]] = []
    summaries: list[ReportCoverage] = []
    for report in range(len(texts)):
        if report == primary:
            continue
        carriages, summary = _report_coverage(
            texts, primary, report, comparison, reference, min_score
        )
        per_report.append(carriages)
        summaries.append(summary)
    claims = [seg for seg in comparison.segments[primary] if seg.kind in CLAIM_KINDS]
    clauses = tuple(
        PrimaryClause(seg, tuple(carriages[k] for carriages in per_report))
        for k, seg in enumerate(claims)
    )
    return PrimaryCoverage(primary=primary, clauses=clauses, reports=tuple(summaries))
