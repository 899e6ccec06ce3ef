"""Exports of a dossier: JSON (comparison + decisions), CSV (matrix), Markdown, report data.

Invariants:
- every export is a pure function of the stored data: the same sources, metadata, comparison
  run and decisions give byte-identical output (no clock, no random order: sources by id,
  claims by id, spans by position, JSON keys in a fixed order);
- the JSON export writes ``<``, ``>`` and ``&`` as ``\\u003c``/``\\u003e``/``\\u0026`` (the same
  JSON value), so article text never becomes markup wherever the file is pasted;
- the CSV has the sources' metadata rows, then one row per claim of the coverage matrix as
  the dossier page shows it (review decisions applied, claim order: sentence text and claim
  labels, never segment ids) and one column per source (source order); a cell a
  spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return) is prefixed with ``'``;
- the Markdown (``app.services.exports_markdown``) escapes article text; see there.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.models import Source
from app.services import comparisons, sources
from app.services.comparison_analysis import CLAIM_KINDS
from app.services.coverage_views import DossierCoverage, dossier_coverage, stored_document
from app.services.reviews import DecisionOut, list_decisions, reviewed_comparison

FORMAT = "communique.dossier-export"
FORMAT_VERSION = 1
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REVIEW_WORDS = {"verify": "verified", "dispute": "disputed"}


# ---------------------------------------------------------------- shared helpers


def filename(title: str, dossier_id: int, extension: str) -> str:
    """``dossier-<id>-<ascii slug of the title>.<extension>`` (safe in any header)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    return f"dossier-{dossier_id}" + (f"-{slug}" if slug else "") + f".{extension}"


def decisions_of(session: Session, dossier_id: int) -> list[DecisionOut]:
    """The dossier's review decisions (anchors resolved against the current texts), oldest first."""
    return sorted(list_decisions(session, dossier_id), key=lambda d: d.id)


# ---------------------------------------------------------------- JSON


def _source_meta(n: int, source: Source) -> dict[str, Any]:
    published = source.published_date
    return {
        "index": n,
        "id": source.id,
        "label": sources.label(source),
        "title": source.title,
        "outlet": source.outlet,
        "url": source.url,
        "published_date": published.isoformat() if published else None,
        "author": source.author,
        "language": source.language,
        "role": source.role.value,
        "filename": source.filename,
        "sha256": source.sha256,
        "characters": len(source.text),
    }


def json_export(session: Session, dossier_id: int) -> bytes:
    """The dossier, its sources, the engine's full comparison document and review decisions."""
    dc = comparisons.dossier_comparison(session, dossier_id)
    d = dc.dossier
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "dossier": {
            "id": d.id,
            "title": d.title,
            "description": d.description,
            "event_date": d.event_date.isoformat() if d.event_date else None,
        },
        "sources": [_source_meta(n, s) for n, s in enumerate(dc.sources)],
        "input_hash": dc.input_hash,
        "comparison": stored_document(session, dc),
        "decisions": [d.model_dump(mode="json") for d in decisions_of(session, dossier_id)],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    safe = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return safe.encode("utf-8")


# ---------------------------------------------------------------- CSV


def spreadsheet_safe(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


CSV_META: tuple[tuple[str, str], ...] = (
    ("source id", "id"),
    ("outlet", "outlet"),
    ("title", "title"),
    ("published", "published_date"),
    ("author", "author"),
    ("url", "url"),
    ("role", "role"),
    ("language", "language"),
    ("file", "filename"),
)


def _sentences(dc: Any, members: Sequence[tuple[int, int]], n: int) -> str:
    return "\n".join(dc.analysis.seg(k).text for k in members if k[0] == n)


def csv_export(session: Session, dossier_id: int) -> bytes:
    """The coverage matrix as the dossier page shows it (review decisions applied), with the
    sources' metadata, readable without the app: no segment ids.

    Columns: ``row, claim, sources, review`` (``verified``/``disputed`` by an editor, else
    empty), then one column per source (headed by its label, in source order). The first rows
    (``row`` = ``source id``, ``outlet``, ``title``, ``published``, ``author``, ``url``,
    ``role``, ``language``, ``file``) give each source's metadata in its column; then one row
    per claim (``row`` = ``claim``) with its label and, in each source's column, that source's
    sentences in the claim (one per line), or nothing when it does not report the claim.
    """
    rc = reviewed_comparison(session, dossier_id)
    dc = rc.dc
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    header = ["row", "claim", "sources", "review", *(sources.label(s) for s in dc.sources)]
    writer.writerow([spreadsheet_safe(h) for h in header])
    metas = [_source_meta(n, s) for n, s in enumerate(dc.sources)]
    for name, field in CSV_META:
        values = ["" if m[field] is None else str(m[field]) for m in metas]
        writer.writerow([spreadsheet_safe(v) for v in (name, "", "", "", *values)])
    for claim in dc.analysis.claims:
        mark = rc.overlay.claim_marks.get(claim.id)
        review = REVIEW_WORDS.get(mark.action, mark.action) if mark else ""
        cells = [_sentences(dc, claim.members, n) for n in range(len(dc.sources))]
        row = ["claim", claim.label, str(len(claim.sources)), review, *cells]
        writer.writerow([spreadsheet_safe(v) for v in row])
    return out.getvalue().encode("utf-8")


# ---------------------------------------------------------------- the report's data


@dataclass(frozen=True, slots=True)
class Wording:
    source: str
    text: str


@dataclass(frozen=True, slots=True)
class SharedClaim:
    id: int
    label: str
    wordings: tuple[Wording, ...]


@dataclass(frozen=True, slots=True)
class SourceFacts:
    source: str
    facts: tuple[tuple[str, str], ...]  # (text, reason)


@dataclass(frozen=True, slots=True)
class ConflictLine:
    kind: str
    explanation: str
    a: Wording
    b: Wording


@dataclass(frozen=True, slots=True)
class CoverageLine:
    source: str
    total: int
    quoted: int
    paraphrased: int
    omitted: int
    share_percent: int
    additions: int


@dataclass(frozen=True, slots=True)
class ClauseLine:
    number: int
    text: str
    statuses: tuple[tuple[str, str], ...]  # (report label, status)


@dataclass(frozen=True, slots=True)
class DecisionLine:
    """A review decision in words: who, when, what, why, on which passages, and its status."""

    id: int
    kind: str
    action: str
    author: str
    when: str
    status: str
    note: str
    reason: str
    passages: tuple[Wording, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """What the Markdown and the printable HTML report show, in order."""

    dossier_id: int
    title: str
    description: str
    event_date: str
    engine_version: str
    sources: tuple[dict[str, Any], ...]
    shared: tuple[SharedClaim, ...]
    unique: tuple[SourceFacts, ...]
    conflicts: tuple[ConflictLine, ...]
    primary: str | None
    coverage: tuple[CoverageLine, ...]
    clauses: tuple[ClauseLine, ...]
    quotes: tuple[tuple[str, str, str], ...]  # (report label, status, quoted text)
    decisions: tuple[DecisionLine, ...]


def _shared(doc: dict[str, Any], labels: Sequence[str]) -> tuple[SharedClaim, ...]:
    out = []
    for g in sorted(doc.get("groups", []), key=lambda g: int(g["id"])):
        first: dict[int, str] = {}
        for m in sorted(g["members"], key=lambda m: (int(m["source"]), int(m["start"]))):
            first.setdefault(int(m["source"]), str(m["text"]))
        wordings = tuple(Wording(labels[s], t) for s, t in sorted(first.items()))
        out.append(SharedClaim(int(g["id"]), str(g["label"]), wordings))
    return tuple(out)


def _unique(doc: dict[str, Any], labels: Sequence[str]) -> tuple[SourceFacts, ...]:
    """Per source, its unique facts; the facts of a sentence no other source reports are one
    line, the sentence with its facts, since the claim is what only this source tells."""
    spans = sorted(doc.get("unique", []), key=lambda u: (int(u["source"]), int(u["start"])))
    alone = _unaligned_sentences(doc)
    starts = {n: [seg[0] for seg in segs] for n, segs in alone.items()}
    facts: list[list[tuple[str, str]]] = [[] for _ in labels]
    details: dict[tuple[int, int], tuple[int, list[str]]] = {}  # sentence -> (line, facts)
    for u in spans:
        n, start = int(u["source"]), int(u["start"])
        k = bisect_right(starts.get(n, []), start) - 1
        seg = alone[n][k] if k >= 0 and start < alone[n][k][1] else None
        if seg is None or u.get("scope") != "phrase":
            facts[n].append((str(u["text"]), str(u["reason"])))
            continue
        if (n, seg[0]) not in details:
            details[(n, seg[0])] = (len(facts[n]), [])
            facts[n].append((seg[2], ""))
        details[(n, seg[0])][1].append(str(u["text"]))
    for (n, _), (line, found) in details.items():
        reason = "no other source reports this; its details: " + "; ".join(found)
        facts[n][line] = (facts[n][line][0], reason)
    return tuple(SourceFacts(label, tuple(facts[n])) for n, label in enumerate(labels))


def _unaligned_sentences(doc: dict[str, Any]) -> dict[int, list[tuple[int, int, str]]]:
    """(start, end, text) of each source's sentences and list items in no alignment, by start."""
    aligned = {
        (int(al[side]["source"]), int(al[side]["start"]))
        for al in doc.get("alignments", [])
        for side in ("a", "b")
    }
    out: dict[int, list[tuple[int, int, str]]] = {}
    for src in doc.get("sources", []):
        n = int(src["index"])
        for seg in src.get("segments", []):
            if seg.get("kind") in CLAIM_KINDS and (n, int(seg["start"])) not in aligned:
                out.setdefault(n, []).append((int(seg["start"]), int(seg["end"]), str(seg["text"])))
    return {n: sorted(segs) for n, segs in out.items()}


def _conflicts(doc: dict[str, Any], labels: Sequence[str]) -> tuple[ConflictLine, ...]:
    def wording(span: dict[str, Any]) -> Wording:
        return Wording(labels[int(span["source"])], str(span["text"]))

    return tuple(
        ConflictLine(str(c["kind"]), str(c["explanation"]), wording(c["a"]), wording(c["b"]))
        for c in doc.get("conflicts", [])
    )


def _coverage(dcv: DossierCoverage, labels: Sequence[str]) -> dict[str, Any]:
    cov = dcv.coverage
    if cov is None or dcv.primary is None:
        return {"primary": None, "coverage": (), "clauses": (), "quotes": ()}
    lines = tuple(
        CoverageLine(
            labels[r.report],
            r.total,
            r.quoted,
            r.paraphrased,
            r.omitted,
            round(100 * r.share),
            len(r.additions),
        )
        for r in cov.reports
    )
    clauses = tuple(
        ClauseLine(k + 1, c.segment.text, tuple((labels[x.report], x.status) for x in c.carried))
        for k, c in enumerate(cov.clauses)
    )
    quotes = tuple(
        (labels[r.report], q.status, q.quote.text) for r in cov.reports for q in r.quote_checks
    )
    return {
        "primary": labels[dcv.primary],
        "coverage": lines,
        "clauses": clauses,
        "quotes": quotes,
    }


def _decision(d: DecisionOut, label_of: dict[int, str]) -> DecisionLine:
    return DecisionLine(
        id=d.id,
        kind=d.kind,
        action=d.action,
        author=d.author,
        when=d.created_at.strftime("%Y-%m-%d %H:%M UTC"),
        status=d.status.replace("_", " "),
        note=d.note,
        reason=d.reason,
        passages=tuple(
            Wording(label_of.get(a.source_id, str(a.source_id)), a.text) for a in d.anchors
        ),
    )


def build_report(
    dcv: DossierCoverage, doc: dict[str, Any], decisions: Sequence[DecisionOut]
) -> Report:
    """The report of ``dcv`` from its engine document ``doc`` (pure)."""
    dc = dcv.comparison
    labels = [sources.label(s) for s in dc.sources]
    label_of = {s.id: sources.label(s) for s in dc.sources if s.id is not None}
    d = dc.dossier
    assert d.id is not None
    return Report(
        dossier_id=d.id,
        title=d.title,
        description=d.description,
        event_date=d.event_date.isoformat() if d.event_date else "",
        engine_version=str(doc.get("engine_version", "")),
        sources=tuple(_source_meta(n, s) for n, s in enumerate(dc.sources)),
        shared=_shared(doc, labels),
        unique=_unique(doc, labels),
        conflicts=_conflicts(doc, labels),
        decisions=tuple(_decision(x, label_of) for x in decisions),
        **_coverage(dcv, labels),
    )


def report(session: Session, dossier_id: int) -> Report:
    """Everything the Markdown and the printable HTML report show (first primary, if any)."""
    dcv = dossier_coverage(session, dossier_id)
    document = stored_document(session, dcv.comparison)
    return build_report(dcv, document, decisions_of(session, dossier_id))
