"""The dossier report as Markdown.

Invariant: deterministic for the same :class:`~app.services.exports.Report`; article text is
backslash-escaped wherever Markdown or HTML would read it as markup (emphasis, code, links,
tables, tags, entities, a leading block marker).
"""

from __future__ import annotations

import re

from sqlmodel import Session

from app.services.exports import DecisionLine, Report, report

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>&~])")
_MD_LINE_START = re.compile(r"^(\d*)([#>+\-=.)])")


def md(text: str) -> str:
    """Article text as literal inline Markdown: one line, markup characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def md_paragraph(text: str) -> str:
    """Like :func:`md`, for text that starts a line: a leading block marker is escaped too."""
    return _MD_LINE_START.sub(r"\1\\\2", md(text))


def decision_summary(d: DecisionLine) -> str:
    """One line of plain text for a decision (escape it for the output format)."""
    passages = "; ".join(f"{w.source}: “{w.text}”" for w in d.passages)
    line = f"#{d.id} {d.kind} {d.action} by {d.author}, {d.when} ({d.status}) — {passages}"
    return line + (f" — note: {d.note}" if d.note else "") + (f" — {d.reason}" if d.reason else "")


def _md_sources(r: Report) -> list[str]:
    lines = [
        "## Sources",
        "",
        "| # | Source | Outlet | Title | Published | Role |",
        "|---" * 6 + "|",
    ]
    for s in r.sources:
        cells = [s["label"], s["outlet"], s["title"], s["published_date"] or "", s["role"]]
        lines.append(f"| {s['index'] + 1} | " + " | ".join(md(c) for c in cells) + " |")
    return [*lines, ""]


def _md_claims(r: Report) -> list[str]:
    lines = ["## Shared claims", ""]
    for claim in r.shared:
        lines.append(f"- **{md(claim.label)}**")
        lines += [f"  - {md(w.source)}: “{md(w.text)}”" for w in claim.wordings]
    if not r.shared:
        lines.append("No claim is reported by more than one source.")
    lines += ["", "## Unique facts per source", ""]
    for group in r.unique:
        lines += [f"### {md(group.source)}", ""]
        facts = [f"- “{md(text)}” ({md(reason)})" for text, reason in group.facts]
        lines += [*(facts or ["No fact only this source reports."]), ""]
    conflicts = [
        f"- {md(c.kind)}: {md(c.explanation)} — {md(c.a.source)}: “{md(c.a.text)}”; "
        f"{md(c.b.source)}: “{md(c.b.text)}”"
        for c in r.conflicts
    ]
    return [*lines, "## Conflicts", "", *(conflicts or ["No conflicting details found."]), ""]


def _md_coverage(r: Report) -> list[str]:
    lines = ["## Coverage of the primary statement", ""]
    if r.primary is None:
        return [*lines, "No source is marked as the primary statement.", ""]
    lines += [f"Primary statement: {md(r.primary)}", ""]
    lines += ["| Report | Carried | Quoted | Paraphrased | Omitted | Additions |", "|---" * 6 + "|"]
    lines += [
        f"| {md(c.source)} | {c.share_percent}% ({c.quoted + c.paraphrased} of {c.total}) | "
        f"{c.quoted} | {c.paraphrased} | {c.omitted} | {c.additions} |"
        for c in r.coverage
    ]
    lines.append("")
    for clause in r.clauses:
        marks = "; ".join(f"{md(src)}: {status}" for src, status in clause.statuses)
        lines.append(f"{clause.number}. {md(clause.text)} — {marks}")
    quotes = [f"- {md(src)}, {status}: “{md(text)}”" for src, status, text in r.quotes]
    return [*lines, "", "### Quote check", "", *(quotes or ["No quotation in the reports."]), ""]


def to_markdown(r: Report) -> str:
    """The report as Markdown; deterministic for the same report."""
    head = [f"# {md(r.title)}", ""]
    if r.event_date:
        head += [f"Event date: {r.event_date}", ""]
    if r.description:
        head += [md_paragraph(r.description), ""]
    decisions = ["## Review decisions", ""]
    items = [f"- {md(decision_summary(d))}" for d in r.decisions]
    decisions += [*(items or ["No review decisions yet."]), ""]
    footer = [f"Comparison engine {md(r.engine_version)}."]
    body = head + _md_sources(r) + _md_claims(r) + _md_coverage(r) + decisions + footer
    return "\n".join(body) + "\n"


def markdown_export(session: Session, dossier_id: int) -> bytes:
    """The report as Markdown (UTF-8)."""
    return to_markdown(report(session, dossier_id)).encode("utf-8")
