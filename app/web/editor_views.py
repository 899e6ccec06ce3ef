"""View models (and their JSON twins) of the primary-coverage and quote-check pages.

Offsets are character indices into the stored text of the source named beside them: report
spans into the report, ``primary_*`` spans into the primary. Nothing here is HTML: the
templates highlight with :func:`marked`, on the server, escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from markupsafe import Markup
from pydantic import BaseModel, Field

from app.engine.coverage import Addition, Carriage, PrimaryCoverage, ReportCoverage
from app.engine.quotes import QuoteCheck
from app.models import DossierPublic, SegmentKind
from app.services.coverage_views import DossierCoverage
from app.web.compare_common import dossier_url, ref, refs
from app.web.compare_views import SourceRef
from app.web.highlight import highlight

CarriedStatus = Literal["quoted", "paraphrased", "omitted"]
AdditionKind = Literal["commentary", "background", "other"]
QuoteStatus = Literal["exact", "misquote", "unverifiable"]

NO_PRIMARY_HELP = (
    "No source of this dossier is marked as the primary statement (the official joint "
    "statement or communiqué). To mark one, open the source, choose “Edit details” and set "
    "its Role to “Primary”, or import the statement with the role “Primary”."
)
STATUS_LABELS: dict[str, str] = {
    "quoted": "quoted",
    "paraphrased": "paraphrased",
    "omitted": "omitted",
    "exact": "exact quote",
    "misquote": "misquote",
    "unverifiable": "unverifiable",
}


class SpanOut(BaseModel):
    """A range of one source's text: ``text == source.text[start:end]``."""

    start: int
    end: int
    text: str


class CarriageOut(BaseModel):
    source_id: int
    status: CarriedStatus
    label: str = Field(description="the status in words, as the page shows it")
    wording: list[SpanOut] = Field(description="the report's quotes or aligned sentences")


class ClauseRow(BaseModel):
    number: int = Field(description="1-based position among the primary's segments")
    position: int
    start: int
    end: int
    kind: SegmentKind
    text: str
    carried: list[CarriageOut]


class AdditionOut(BaseModel):
    kind: AdditionKind
    cue: str = Field(description="the words that decided the kind ('' for other)")
    span: SpanOut
    cue_span: SpanOut | None


class ReportFigures(BaseModel):
    source: SourceRef
    total: int
    quoted: int
    paraphrased: int
    omitted: int
    carried: int
    share: float = Field(description="(quoted + paraphrased) / total, 0..1")
    share_percent: int
    addition_count: int
    additions: list[AdditionOut]


class PrimaryChoice(BaseModel):
    source: SourceRef
    url: str
    selected: bool


class CoverageView(BaseModel):
    dossier: DossierPublic
    url: str
    dossier_url: str
    quotes_url: str
    primary: SourceRef | None
    primaries: list[PrimaryChoice]
    help: str = Field(description="how to mark a primary, when there is none")
    sources: list[SourceRef]
    reports: list[ReportFigures]
    clauses: list[ClauseRow]


class QuoteDiff(BaseModel):
    """Words of the quote the primary lacks, of the primary the quote lacks, or both (changed)."""

    op: Literal["only_report", "only_primary", "changed"]
    report: SpanOut | None
    primary: SpanOut | None


class QuoteItem(BaseModel):
    status: QuoteStatus
    label: str
    quote: SpanOut = Field(description="the quoted words in the report, without the marks")
    words: int
    score: float = Field(description="word similarity with the matched passage, 0..100")
    closed: bool = Field(description="False when the paragraph ended the quote")
    primary: SpanOut | None = Field(description="the passage of the primary it was matched to")
    differences: list[QuoteDiff]


class QuoteReport(BaseModel):
    source: SourceRef
    counts: dict[QuoteStatus, int]
    quotes: list[QuoteItem]


class QuotesView(BaseModel):
    dossier: DossierPublic
    url: str
    dossier_url: str
    coverage_url: str
    primary: SourceRef | None
    primaries: list[PrimaryChoice]
    help: str
    sources: list[SourceRef] = Field(
        description="the dossier's sources (one may be marked primary, when none is)"
    )
    reports: list[QuoteReport]


# ---------------------------------------------------------------- builders


def _span(start: int, end: int, text: str) -> SpanOut:
    return SpanOut(start=start, end=end, text=text)


def _choices(dcv: DossierCoverage, path: str) -> list[PrimaryChoice]:
    return [
        PrimaryChoice(
            source=ref(dcv.comparison, n),
            url=f"{path}?primary={ref(dcv.comparison, n).id}",
            selected=n == dcv.primary,
        )
        for n in dcv.primaries
    ]


def _carriage(dcv: DossierCoverage, c: Carriage) -> CarriageOut:
    return CarriageOut(
        source_id=ref(dcv.comparison, c.report).id,
        status=c.status,
        label=STATUS_LABELS[c.status],
        wording=[_span(s.start, s.end, s.text) for s in c.spans],
    )


def _cue_span(a: Addition) -> SpanOut | None:
    if not a.cue:
        return None
    found = re.search(r"(?<!\w)" + re.escape(a.cue) + r"(?!\w)", a.span.text)
    if found is None:
        return None
    start = a.span.start + found.start()
    return _span(start, start + len(a.cue), found.group())


def _figures(dcv: DossierCoverage, r: ReportCoverage) -> ReportFigures:
    return ReportFigures(
        source=ref(dcv.comparison, r.report),
        total=r.total,
        quoted=r.quoted,
        paraphrased=r.paraphrased,
        omitted=r.omitted,
        carried=r.carried,
        share=round(r.share, 4),
        share_percent=round(100 * r.share),
        addition_count=len(r.additions),
        additions=[
            AdditionOut(
                kind=a.kind,
                cue=a.cue,
                span=_span(a.span.start, a.span.end, a.span.text),
                cue_span=_cue_span(a),
            )
            for a in r.additions
        ],
    )


def _clauses(dcv: DossierCoverage, cov: PrimaryCoverage) -> list[ClauseRow]:
    return [
        ClauseRow(
            number=k + 1,
            position=cl.segment.index,
            start=cl.segment.start,
            end=cl.segment.end,
            kind=SegmentKind(cl.segment.kind),
            text=cl.segment.text,
            carried=[_carriage(dcv, c) for c in cl.carried],
        )
        for k, cl in enumerate(cov.clauses)
    ]


def coverage_view(dcv: DossierCoverage) -> CoverageView:
    """The coverage page: clauses in primary order, one carriage per report in source order."""
    dc = dcv.comparison
    base = dossier_url(dc)
    cov = dcv.coverage
    primary = ref(dc, dcv.primary) if dcv.primary is not None else None
    return CoverageView(
        dossier=DossierPublic.model_validate(dc.dossier),
        url=f"{base}/coverage",
        dossier_url=base,
        quotes_url=f"{base}/quotes" + (f"?primary={primary.id}" if primary else ""),
        primary=primary,
        primaries=_choices(dcv, f"{base}/coverage"),
        help="" if cov else NO_PRIMARY_HELP,
        sources=refs(dc),
        reports=[_figures(dcv, r) for r in cov.reports] if cov else [],
        clauses=_clauses(dcv, cov) if cov else [],
    )


def _differences(check: QuoteCheck) -> list[QuoteDiff]:
    """Non-equal ops; a run of ``only_a`` next to ``only_b`` (a substitution) becomes one item."""
    out: list[QuoteDiff] = []
    previous = "equal"
    for op in check.diff:
        a = _span(op.a.start, op.a.end, op.a.text) if op.a else None
        b = _span(op.b.start, op.b.end, op.b.text) if op.b else None
        last = out[-1] if out and previous != "equal" and previous != op.op else None
        if last is not None and op.op == "only_b" and last.primary is None:
            last.primary = b
        elif last is not None and op.op == "only_a" and last.report is None:
            last.report = a
        elif op.op != "equal":
            out.append(QuoteDiff(op="only_report" if a else "only_primary", report=a, primary=b))
        previous = op.op
    for d in out:
        d.op = "changed" if d.report and d.primary else d.op
    return out


def _quote(check: QuoteCheck) -> QuoteItem:
    q = check.quote
    diffs = _differences(check)
    match = check.match
    return QuoteItem(
        status=check.status,
        label=STATUS_LABELS[check.status],
        quote=_span(q.inner_start, q.inner_end, q.text),
        words=check.words,
        score=check.score,
        closed=q.closed,
        primary=_span(match.start, match.end, match.text) if match else None,
        differences=diffs if check.status == "misquote" else [],
    )


def _quote_report(dcv: DossierCoverage, r: ReportCoverage) -> QuoteReport:
    quotes = [_quote(c) for c in r.quote_checks]
    counts: dict[QuoteStatus, int] = {"exact": 0, "misquote": 0, "unverifiable": 0}
    for item in quotes:
        counts[item.status] += 1
    return QuoteReport(source=ref(dcv.comparison, r.report), counts=counts, quotes=quotes)


def quotes_view(dcv: DossierCoverage) -> QuotesView:
    """The quote-check page: every report's quotes, in report order, located in the primary."""
    dc = dcv.comparison
    base = dossier_url(dc)
    cov = dcv.coverage
    primary = ref(dc, dcv.primary) if dcv.primary is not None else None
    return QuotesView(
        dossier=DossierPublic.model_validate(dc.dossier),
        url=f"{base}/quotes",
        dossier_url=base,
        coverage_url=f"{base}/coverage" + (f"?primary={primary.id}" if primary else ""),
        primary=primary,
        primaries=_choices(dcv, f"{base}/quotes"),
        help="" if cov else NO_PRIMARY_HELP,
        sources=refs(dc),
        reports=[_quote_report(dcv, r) for r in cov.reports] if cov else [],
    )


# ---------------------------------------------------------------- template helpers


def marked(span: SpanOut, marks: Sequence[SpanOut | None], css: str) -> Markup:
    """``span.text`` escaped, with every mark inside it wrapped in ``<mark class=css>``."""
    return highlight(span.text, [(m.start, m.end, css) for m in marks if m is not None], span.start)
