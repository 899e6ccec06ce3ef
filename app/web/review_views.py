"""View models and builders of review decisions: badges, sentence choices, the audit page.

Badges say in words (and a symbol) what an editor decided, so they never rely on colour;
a badge always names its decision (``decision_id``), author and time. Segment references
(``ref``) are ``"<source id>:<position>"``, as the review form posts them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Literal

from fastapi import Request
from pydantic import BaseModel, Field

from app.models import DossierPublic
from app.services.comparison_analysis import CLAIM_KINDS, Analysis, Claim, SegKey, short_label
from app.services.comparison_pairs import PairRow
from app.services.comparisons import DossierComparison
from app.services.review_overlay import Applied, Overlay, pair
from app.services.reviews import AnchorOut, DecisionOut, ReviewedComparison, segment_at
from app.services.sources import label as source_label
from app.web.paging import Pager

BadgeState = Literal[
    "confirmed",
    "rejected",
    "manual",
    "moved",
    "detached",
    "split",
    "merged",
    "verified",
    "disputed",
]
BADGE_TEXT: dict[BadgeState, str] = {
    "confirmed": "✓ confirmed",
    "rejected": "✗ rejected",
    "manual": "↔ manual link",
    "moved": "↪ moved here",
    "detached": "↩ taken out of a group",
    "split": "✂ claim split",
    "merged": "+ claims merged",
    "verified": "✔ verified",
    "disputed": "⚠ disputed",
}
ACTION_TEXT = {
    "confirm": "Confirmed the match",
    "reject": "Rejected the match",
    "link": "Linked",
    "move": "Moved",
    "detach": "Took out of its group",
    "split": "Split the claim between",
    "merge": "Merged the claims of",
    "verify": "Verified",
    "dispute": "Disputed",
}
PAIR_WORDS = 10  # words of each sentence on a pair's line (the controls name them whole)
STATUS_TEXT = {"ok": "applied", "moved": "applied (text moved)", "needs_second_look": ""}


class ReviewBadge(BaseModel):
    state: BadgeState
    text: str
    decision_id: int
    author: str
    created_at: datetime
    note: str = ""
    detail: str = ""


class SentenceChoice(BaseModel):
    ref: str
    label: str


class RowPair(BaseModel):
    """One alignment of a side-by-side row and the review state of that pair."""

    left_ref: str
    right_ref: str
    left_text: str = Field(description="the left sentence, whole (names the pair's controls)")
    right_text: str = Field(description="the right sentence, whole")
    left_short: str = Field(default="", description="its first words (cut between words)")
    right_short: str = Field(default="", description="its first words (cut between words)")
    kind: str
    review: ReviewBadge | None = None


def can_review(request: Request) -> bool:
    """Editors and admins decide; so does anyone on a personal install (no accounts)."""
    if getattr(request.state, "personal_mode", False):
        return True
    user = getattr(request.state, "user", None)
    return user is not None and user.role.value != "reader"


def ref(dc: DossierComparison, key: SegKey) -> str:
    return f"{dc.sources[key[0]].id}:{key[1]}"


def badge(ap: Applied, state: BadgeState, detail: str = "") -> ReviewBadge:
    d: DecisionOut = ap.ref
    return ReviewBadge(
        state=state,
        text=BADGE_TEXT[state],
        decision_id=d.id,
        author=d.author,
        created_at=d.created_at,
        note=d.note,
        detail=detail,
    )


def _unique(badges: Iterable[ReviewBadge]) -> list[ReviewBadge]:
    seen: dict[tuple[int, str], ReviewBadge] = {}
    for b in badges:
        seen.setdefault((b.decision_id, b.state), b)
    return sorted(seen.values(), key=lambda b: b.decision_id)


def pair_badge(overlay: Overlay, analysis: Analysis, alignment: int) -> ReviewBadge | None:
    al = analysis.alignments[alignment]
    verdict = overlay.pair_verdicts.get(pair(al.a, al.b))
    if verdict is None:
        return None
    return badge(verdict, "manual" if al.kind == "manual" else "confirmed")


def _member_badges(
    overlay: Overlay, dc: DossierComparison, keys: Sequence[SegKey], partner_sources: set[int]
) -> list[ReviewBadge]:
    out = []
    for key in keys:
        for partner, ap in overlay.rejected.get(key, ()):
            if partner[0] in partner_sources:
                text = short_label(dc.analysis.seg(partner).text)
                who = source_label(dc.sources[partner[0]])
                out.append(badge(ap, "rejected", f"not the same claim as “{text}” ({who})"))
        moved = overlay.moved.get(key)
        if moved is not None:
            state: BadgeState = "moved" if moved.action == "move" else "detached"
            out.append(badge(moved, state, short_label(dc.analysis.seg(key).text)))
        for ap in overlay.regrouped.get(key, ()):
            state = "split" if ap.action == "split" else "merged"
            out.append(badge(ap, state, short_label(dc.analysis.seg(key).text)))
    return out


def _mark_badges(overlay: Overlay, claim_ids: Iterable[int]) -> list[ReviewBadge]:
    out = []
    for cid in claim_ids:
        mark = overlay.claim_marks.get(cid)
        if mark is not None:
            out.append(badge(mark, "verified" if mark.action == "verify" else "disputed"))
    return out


def claim_badges(rc: ReviewedComparison, claim: Claim) -> list[ReviewBadge]:
    """Every decision visible on a claim group: its pairs, rejections, moves and its mark."""
    overlay, analysis = rc.overlay, rc.dc.analysis
    members = set(claim.members)
    pairs = [
        pair_badge(overlay, analysis, al.id)
        for al in analysis.alignments
        if al.a in members and al.b in members
    ]
    everyone = set(range(len(rc.dc.sources)))
    return _unique(
        [b for b in pairs if b is not None]
        + _member_badges(overlay, rc.dc, claim.members, everyone)
        + _mark_badges(overlay, [claim.id])
    )


def row_pairs(rc: ReviewedComparison, row: PairRow) -> list[RowPair]:
    """The review state of each alignment of ``row``, left sentence first."""
    analysis = rc.dc.analysis
    pairs = []
    for n in row.alignments:
        al = analysis.alignments[n]
        left, right = (al.a, al.b) if al.a in row.first else (al.b, al.a)
        pairs.append(
            RowPair(
                left_ref=ref(rc.dc, left),
                right_ref=ref(rc.dc, right),
                left_text=analysis.seg(left).text,
                right_text=analysis.seg(right).text,
                left_short=short_label(analysis.seg(left).text, PAIR_WORDS),
                right_short=short_label(analysis.seg(right).text, PAIR_WORDS),
                kind=al.kind,
                review=pair_badge(rc.overlay, analysis, n),
            )
        )
    return pairs


def row_badges(rc: ReviewedComparison, row: PairRow, sides: set[int]) -> list[ReviewBadge]:
    """Badges of one row comparing engine sources ``sides``: its pairs, members and claims."""
    analysis = rc.dc.analysis
    badges = [pair_badge(rc.overlay, analysis, n) for n in row.alignments]
    found = [b for b in badges if b is not None]
    found += _member_badges(rc.overlay, rc.dc, row.first + row.second, sides)
    claims = {analysis.claim_of[k] for k in row.first + row.second if k in analysis.claim_of}
    return _unique(found + _mark_badges(rc.overlay, claims))


def choices_of(dc: DossierComparison, keys: Iterable[SegKey]) -> list[SentenceChoice]:
    """The claim-like sentences among ``keys``, in reading order, for a select."""
    segs = [dc.analysis.seg(k) for k in sorted(set(keys))]
    return [
        SentenceChoice(ref=ref(dc, s.key), label=f"{s.index + 1}. {short_label(s.text, 12)}")
        for s in segs
        if s.kind in CLAIM_KINDS
    ]


def sentence_choices(dc: DossierComparison, index: int, skip: set[SegKey]) -> list[SentenceChoice]:
    """The claim-like sentences of engine source ``index`` not in ``skip``, for a select."""
    return [
        SentenceChoice(ref=ref(dc, s.key), label=f"{s.index + 1}. {short_label(s.text, 12)}")
        for s in dc.analysis.segments[index]
        if s.kind in CLAIM_KINDS and s.key not in skip
    ]


def _segment_of(dc: DossierComparison, anchor: AnchorOut) -> SegKey | None:
    index = dc.index_of(anchor.source_id)
    if index is None or anchor.current_start is None or anchor.current_end is None:
        return None
    return segment_at(dc.analysis, index, anchor.current_start, anchor.current_end)


def decisions_on(rc: ReviewedComparison, keys: set[SegKey]) -> list[DecisionOut]:
    """Decisions (newest first) with an anchor in one of the segments ``keys``."""
    return [d for d in rc.decisions if any(_segment_of(rc.dc, a) in keys for a in d.anchors)]


def _member_choice(dc: DossierComparison, key: SegKey) -> SentenceChoice:
    seg = dc.analysis.seg(key)
    who = source_label(dc.sources[key[0]])
    return SentenceChoice(
        ref=ref(dc, key), label=f"{who}, {seg.index + 1}. {short_label(seg.text)}"
    )


def merge_choices(dc: DossierComparison, claim: Claim) -> list[SentenceChoice]:
    """The other claims, each named by its whole label and chosen by its first sentence."""
    return [
        SentenceChoice(ref=ref(dc, other.members[0]), label=other.label)
        for other in dc.analysis.claims
        if other.id != claim.id and other.members
    ]


def claim_extras(rc: ReviewedComparison, claim: Claim) -> dict[str, object]:
    """The review fields of a claim page: badges, its decisions, sentences to move into it,
    its sentences to split it between and the claims it could be merged with."""
    members = set(claim.members)
    return {
        "split_choices": [_member_choice(rc.dc, k) for k in claim.members]
        if len(claim.members) > 1
        else [],
        "merge_choices": merge_choices(rc.dc, claim),
        "review": claim_badges(rc, claim),
        "decisions": decisions_on(rc, members),
        "move_choices": [
            choice
            for n in range(len(rc.dc.sources))
            for choice in sentence_choices(rc.dc, n, members)
        ],
    }


# ---------------------------------------------------------------- audit page


class AuditSpan(BaseModel):
    source_id: int
    source_label: str
    text: str
    status: str
    reason: str


class AuditItem(BaseModel):
    decision: DecisionOut
    what: str
    spans: list[AuditSpan]
    flagged: bool
    status_text: str


class AuditView(BaseModel):
    dossier: DossierPublic
    url: str
    dossier_url: str
    decisions: list[AuditItem]
    flagged_count: int
    pager: Pager | None = Field(default=None, description="which decisions this page holds")


def _label_of(dc: DossierComparison, source_id: int) -> str:
    index = dc.index_of(source_id)
    return source_label(dc.sources[index]) if index is not None else f"deleted source {source_id}"


def audit_item(dc: DossierComparison, d: DecisionOut) -> AuditItem:
    spans = [
        AuditSpan(
            source_id=a.source_id,
            source_label=_label_of(dc, a.source_id),
            text=a.text,
            status=a.status,
            reason=a.reason,
        )
        for a in d.anchors
    ]
    kind = {"claim": "claim", "unique": "unique fact"}.get(d.kind, "")
    what = f"{ACTION_TEXT[d.action]}{' the ' + kind if kind else ''}"
    flagged = d.status == "needs_second_look"
    status_text = f"needs a second look: {d.reason}" if flagged else STATUS_TEXT[d.status]
    return AuditItem(decision=d, what=what, spans=spans, flagged=flagged, status_text=status_text)


def audit_view(rc: ReviewedComparison) -> AuditView:
    """All decisions of the dossier, newest first; flagged ones say why."""
    dc = rc.dc
    items = [audit_item(dc, d) for d in rc.decisions]
    return AuditView(
        dossier=DossierPublic.model_validate(dc.dossier),
        url=f"/dossiers/{dc.dossier.id}/audit",
        dossier_url=f"/dossiers/{dc.dossier.id}",
        decisions=items,
        flagged_count=sum(i.flagged for i in items),
    )
