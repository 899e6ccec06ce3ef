#!/usr/bin/env python3
"""Why unique-fact F1 on the ECB+ dev cases stops near 0.65: evidence behind issue 3's open bar.

Reads the gold cases from ../shared/gold/ecbplus-dev (says so and exits 2 when absent) and looks
at every gold anchor (an event mention) through the engine's own links:

1. where the anchors fall: unlinked segment / linked with a word no best partner has ("novel")
   / linked with every word found in a best partner ("known"), against their gold kind;
2. misses explained by the gold's scope: unique anchors whose word a partner does contain, but
   only partners in sentences ECB+ never annotated (the chain cannot appear there);
3. whether "the word occurs in another document" separates false alarms from hits among the
   novel anchors (a shared anchor whose word occurs nowhere else is a pure paraphrase: "canned"
   for "fired", "shown the door");
4. a leave-one-topic-out search over a three-feature score (clause novelty, how many other
   documents contain the word, best link score), i.e. how much a tuned lexical rule generalises.

Anchors are judged by their first content word; the scorer's 50 % character rule differs on a
handful of multiword anchors, so figures here are within about 1 % of ``bench/quality``.

Usage: bench/unique_diagnostics.py
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.engine.dossier_index import best_partners  # noqa: E402
from app.engine.pipeline import link_segments  # noqa: E402
from app.engine.similarity import SegmentTerms  # noqa: E402

GOLD_DIR = REPO.parent / "shared" / "gold" / "ecbplus-dev"
# Clause boundaries: punctuation and the conjunctions/relatives that open a new predication.
CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]\"\u201c\u201d\u2014]|\s-\s|\b(?:and|but|although|though|while|after|before|"
    r"when|who|which|that|because|as|since|or|where|whose|until|if)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Anchor:
    """One gold anchor with the evidence the engine has about its first content word."""

    topic: str
    unique: bool
    linked: bool
    novel: bool
    vouched_in_scope: bool
    other_docs: int
    n_docs: int
    clause_novelty: float
    best_score: float


def _clause_novelty(st: SegmentTerms, k: int, known: set[str], text: str) -> float:
    """Share of novel content words in the clause holding content word ``k`` (itself included)."""
    clause = [0]
    for prev, tok in itertools.pairwise(st.content):
        clause.append(clause[-1] + bool(CLAUSE_BREAK.search(text[prev.end : tok.start])))
    mine = [t for n, t in enumerate(st.content) if clause[n] == clause[k]]
    return sum(t.key not in known for t in mine) / len(mine)


def case_anchors(gold_path: Path) -> list[Anchor]:
    """Anchors of one gold case, with features computed from the engine's links."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    texts = [(gold_path.parent / p).read_text(encoding="utf-8") for p in gold["sources"]]
    _, terms, links = link_segments(texts)
    mates = best_partners(terms, links)
    best: dict[int, float] = {}
    for link in links:
        for n in (link.i, link.j):
            best[n] = max(best.get(n, 0.0), link.score)
    in_scope = {(s, i) for s, idx in enumerate(gold["scope"]) for i in idx}
    doc_keys = [set[str]() for _ in texts]
    for st in terms:
        doc_keys[st.segment.source].update(t.key for t in st.content)

    def gold_sentence(n: int) -> tuple[int, int]:
        seg = terms[n].segment
        for k, sent in enumerate(gold["sentences"][seg.source]):
            if sent["start"] <= seg.start < sent["end"] or seg.start <= sent["start"] < seg.end:
                return seg.source, k
        return seg.source, -1

    out = []
    for an in gold["anchors"]:
        src = an["source"]
        n = next(
            m
            for m, st in enumerate(terms)
            if st.segment.source == src and st.segment.start <= an["start"] < st.segment.end
        )
        st = terms[n]
        hit = [k for k, t in enumerate(st.content) if t.start < an["end"] and t.end > an["start"]]
        if not hit:
            continue  # an anchor of function words only ("it", "have"): no lexical evidence
        key = st.content[hit[0]].key
        known = {t.key for p in mates.get(n, ()) for t in terms[p].tokens}
        vouchers = [p for p in mates.get(n, ()) if key in {t.key for t in terms[p].tokens}]
        out.append(
            Anchor(
                topic=gold_path.parent.name.split("_")[0],
                unique=an["kind"] == "unique",
                linked=n in mates,
                novel=key not in known,
                vouched_in_scope=any(gold_sentence(p) in in_scope for p in vouchers),
                other_docs=sum(key in keys for d, keys in enumerate(doc_keys) if d != src),
                n_docs=len(texts),
                clause_novelty=_clause_novelty(st, hit[0], known, texts[src]),
                best_score=best.get(n, 0.0),
            )
        )
    return out


def prf(flags: list[tuple[bool, bool]]) -> tuple[int, int, int, float]:
    """(tp, fp, fn, F1) of (predicted unique, gold unique) pairs."""
    tp = sum(p and g for p, g in flags)
    fp = sum(p and not g for p, g in flags)
    fn = sum(g and not p for p, g in flags)
    return tp, fp, fn, 2 * tp / (2 * tp + fp + fn) if tp else 0.0


Params = tuple[float, float, float]
GRID: list[Params] = [
    (w_docs, w_best, round(-0.5 + 0.05 * t, 2))
    for w_docs in (0.0, 0.25, 0.5, 0.75, 1.0)
    for w_best in (0.0, 0.5, 1.0, 1.5)
    for t in range(27)
]


def score_rule(params: Params, anchors: list[Anchor]) -> list[tuple[bool, bool]]:
    """Flag an anchor when clause novelty minus weighted spread and link strength passes."""
    w_docs, w_best, threshold = params
    return [
        (
            not a.linked
            or a.clause_novelty - w_docs * a.other_docs / (a.n_docs - 1) - w_best * a.best_score
            >= threshold,
            a.unique,
        )
        for a in anchors
    ]


def main() -> int:
    golds = sorted(GOLD_DIR.glob("*/gold.json"))
    if not golds:
        print(f"cannot run: {GOLD_DIR} (the ECB+ gold cases in ../shared) is absent")
        return 2
    anchors = [a for g in golds for a in case_anchors(g)]
    cells = Counter(
        ("unlinked" if not a.linked else "novel" if a.novel else "known", a.unique) for a in anchors
    )
    print(f"{len(anchors)} anchors with a content word in {len(golds)} cases")
    for where in ("unlinked", "novel", "known"):
        print(f"  {where:8s}  unique {cells[where, True]:4d}   shared {cells[where, False]:4d}")
    current = prf([(not a.linked or a.novel, a.unique) for a in anchors])
    print("engine rule (flag unlinked and novel): tp={} fp={} fn={} F1={:.3f}".format(*current))
    misses = [a for a in anchors if a.unique and a.linked and not a.novel]
    outside = sum(not a.vouched_in_scope for a in misses)
    print(
        f"misses vouched for only by partners outside the annotated scope: {outside}/{len(misses)}"
    )
    novel = [a for a in anchors if a.linked and a.novel]
    for kind, label in ((False, "shared (false alarms)"), (True, "unique (hits)")):
        group = [a for a in novel if a.unique == kind]
        nowhere = sum(a.other_docs == 0 for a in group)
        print(f"novel {label}: word in no other document {nowhere}/{len(group)}")
    best = max(GRID, key=lambda p: prf(score_rule(p, anchors))[3])
    in_sample = prf(score_rule(best, anchors))[3]
    print(f"tuned three-feature rule, in sample: F1={in_sample:.3f} with {best}")
    held_out: list[tuple[bool, bool]] = []
    for topic in sorted({a.topic for a in anchors}):
        train = [a for a in anchors if a.topic != topic]
        chosen = max(GRID, key=lambda p: prf(score_rule(p, train))[3])
        held_out += score_rule(chosen, [a for a in anchors if a.topic == topic])
    print("same rule, leave one topic out: tp={} fp={} fn={} F1={:.3f}".format(*prf(held_out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
