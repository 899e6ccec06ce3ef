"""The review overlay on a hand-made engine document: rejections split groups, links merge
them (kind 'manual'), moves and detaches change membership, the latest decision wins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.services.comparison_analysis import Analysis, SegKey, analyse
from app.services.review_overlay import Applied, apply

TEXTS = [
    "Talks were held in Valmora. A port deal was signed. Rain fell.",
    "Talks took place in Valmora. The port deal was signed. Trade rose.",
    "The talks were in Valmora. Ministers signed a port deal. Snow fell.",
]


def _segments(text: str) -> list[dict[str, Any]]:
    out, start = [], 0
    for n, part in enumerate(text.split(". ")):
        sentence = part if part.endswith(".") else part + "."
        start = text.index(sentence, start)
        out.append(
            {
                "index": n,
                "start": start,
                "end": start + len(sentence),
                "kind": "sentence",
                "text": sentence,
            }
        )
        start += len(sentence)
    return out


def _span(source: int, seg: dict[str, Any]) -> dict[str, Any]:
    return {"source": source, "start": seg["start"], "end": seg["end"], "text": seg["text"]}


def _analysis() -> Analysis:
    segs = [_segments(t) for t in TEXTS]
    pairs = [((0, 0), (1, 0)), ((0, 0), (2, 0)), ((1, 0), (2, 0)), ((0, 1), (1, 1))]
    doc = {
        "sources": [{"index": n, "name": f"s{n}", "segments": s} for n, s in enumerate(segs)],
        "alignments": [
            {
                "id": n,
                "a": _span(a[0], segs[a[0]][a[1]]),
                "b": _span(b[0], segs[b[0]][b[1]]),
                "score": 0.8,
                "kind": "equivalent",
            }
            for n, (a, b) in enumerate(pairs)
        ],
        "groups": [
            {
                "id": 0,
                "label": "Talks",
                "sources": [0, 1, 2],
                "members": [_span(s, segs[s][0]) for s in range(3)],
            },
            {
                "id": 1,
                "label": "Port deal",
                "sources": [0, 1],
                "members": [_span(0, segs[0][1]), _span(1, segs[1][1])],
            },
        ],
        "unique": [],
        "diffs": [],
        "conflicts": [],
    }
    return analyse(doc)


@dataclass(frozen=True)
class _Ref:
    id: int


def _ap(n: int, kind: str, action: str, a: SegKey, b: SegKey | None = None) -> Applied:
    return Applied(_Ref(n), kind, action, a, b)


def _members(analysis: Analysis, key: SegKey) -> set[SegKey]:
    claim = analysis.claim(analysis.claim_of[key])
    assert claim is not None
    return set(claim.members)


def test_no_decisions_leave_the_engine_result_untouched() -> None:
    engine = _analysis()
    assert apply(engine, []).analysis is engine


def test_rejecting_a_pair_removes_its_alignment_and_keeps_connected_members() -> None:
    engine = _analysis()
    result = apply(engine, [_ap(1, "alignment", "reject", (0, 0), (1, 0))]).analysis
    pairs = {(al.a, al.b) for al in result.alignments}
    assert ((0, 0), (1, 0)) not in pairs and len(result.alignments) == 3
    assert [al.id for al in result.alignments] == [0, 1, 2]
    # still connected through source 2, so the group stays whole
    assert _members(result, (0, 0)) == {(0, 0), (1, 0), (2, 0)}


def test_rejections_that_disconnect_a_group_split_it() -> None:
    engine = _analysis()
    overlay = apply(
        engine,
        [
            _ap(1, "alignment", "reject", (0, 0), (1, 0)),
            _ap(2, "alignment", "reject", (0, 0), (2, 0)),
        ],
    )
    result = overlay.analysis
    assert _members(result, (0, 0)) == {(0, 0)}
    assert _members(result, (1, 0)) == {(1, 0), (2, 0)}
    assert {k for k, _ in overlay.rejected[(0, 0)]} == {(1, 0), (2, 0)}


def test_a_link_adds_a_manual_alignment_and_merges_claims() -> None:
    overlay = apply(_analysis(), [_ap(1, "alignment", "link", (2, 1), (0, 1))])
    result = overlay.analysis
    manual = [al for al in result.alignments if al.kind == "manual"]
    assert [(al.a, al.b) for al in manual] == [((0, 1), (2, 1))]
    assert overlay.verdict(manual[0]) is not None
    assert _members(result, (2, 1)) == {(0, 1), (1, 1), (2, 1)}


def test_the_latest_decision_on_a_pair_wins() -> None:
    result = apply(
        _analysis(),
        [
            _ap(1, "alignment", "reject", (0, 1), (1, 1)),
            _ap(2, "alignment", "confirm", (1, 1), (0, 1)),
        ],
    ).analysis
    assert ((0, 1), (1, 1)) in {(al.a, al.b) for al in result.alignments}


def test_move_and_detach_change_membership_and_drop_crossing_alignments() -> None:
    overlay = apply(
        _analysis(),
        [
            _ap(1, "membership", "move", (2, 1), (0, 1)),
            _ap(2, "membership", "detach", (2, 0)),
        ],
    )
    result = overlay.analysis
    assert _members(result, (0, 1)) == {(0, 1), (1, 1), (2, 1)}
    assert _members(result, (2, 0)) == {(2, 0)}
    assert not result.alignments_of.get((2, 0))
    assert set(overlay.moved) == {(2, 1), (2, 0)}


def test_verify_marks_the_claim_holding_the_sentence() -> None:
    overlay = apply(_analysis(), [_ap(1, "claim", "dispute", (1, 1))])
    claim_id = overlay.analysis.claim_of[(0, 1)]
    assert overlay.claim_marks[claim_id].action == "dispute"


def test_a_split_leaves_the_two_sentences_in_two_claims_and_drops_alignments_between() -> None:
    overlay = apply(_analysis(), [_ap(1, "membership", "split", (0, 0), (1, 0))])
    result = overlay.analysis
    # (2, 0) is aligned with both: on a tie it stays with the first sentence
    assert _members(result, (0, 0)) == {(0, 0), (2, 0)}
    assert _members(result, (1, 0)) == {(1, 0)}
    pairs = {(al.a, al.b) for al in result.alignments}
    assert pairs == {((0, 0), (2, 0)), ((0, 1), (1, 1))}
    assert set(overlay.regrouped) == {(0, 0), (1, 0)}


def test_a_split_sends_each_member_to_the_nearer_sentence() -> None:
    result = apply(_analysis(), [_ap(1, "membership", "split", (1, 0), (2, 0))]).analysis
    assert _members(result, (1, 0)) == {(1, 0), (0, 0)}
    assert _members(result, (2, 0)) == {(2, 0)}


def test_a_merge_joins_two_claims_and_a_later_split_of_the_pair_undoes_it() -> None:
    merged = apply(_analysis(), [_ap(1, "membership", "merge", (1, 1), (2, 0))]).analysis
    assert _members(merged, (0, 1)) == {(0, 0), (1, 0), (2, 0), (0, 1), (1, 1)}
    assert len(merged.alignments) == 4, "a merge keeps every alignment"
    resplit = apply(
        _analysis(),
        [
            _ap(1, "membership", "merge", (1, 1), (2, 0)),
            _ap(2, "membership", "split", (2, 0), (1, 1)),
        ],
    ).analysis
    assert _members(resplit, (1, 1)) == {(0, 1), (1, 1)}
    assert _members(resplit, (2, 0)) == {(0, 0), (1, 0), (2, 0)}


def test_a_split_of_sentences_in_different_claims_changes_nothing() -> None:
    engine = _analysis()
    result = apply(engine, [_ap(1, "membership", "split", (0, 0), (0, 1))]).analysis
    assert [set(c.members) for c in result.claims] == [set(c.members) for c in engine.claims]
