"""Claim groups: cohesive clusters of the alignment links, each with a readable label.

A claim group is a set of segments in which (nearly) every two members from different sources
are linked: links are merged strongest first, and two clusters merge only when more than
``COHESION`` of the pairs they would newly join are links (counted against at most
``MAX_PARTNERS`` partners per member, since wide claims keep only a segment's strongest links).
So one lede or caption that touches several claims cannot chain them into one group. A member
whose removal splits its group into two or more groups of their own is a *bridge* (a lede that
merely touches several claims): it is kept as a ``partial`` member of the groups it links to,
not as a full member.

Invariants: every full member of a group is a linked segment; a group has full members from at
least two sources; members are ordered by (source, start); adding one segment linked to every
member of every group never merges existing groups (for groups of up to ``BRIDGE_SCAN_MAX``
members, where bridges are searched); the label is a substring of one member's
text of at most ``LABEL_WORDS`` words that starts and ends on a word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import combinations

from app.engine.align import MAX_PARTNERS, Link
from app.engine.model import ClaimGroup, Span
from app.engine.similarity import SegmentTerms

COHESION = 0.34
# A member outside a group "touches" it when linked to more than this share of it (see
# _spread_members): stricter than COHESION, so that a hub of one claim stays its member.
TOUCH = 0.5
LABEL_WORDS = 12
# Bridges are looked for in groups up to this size. Wider groups are a main event reported in
# many sentences, where splitting off hubs loses true pairs (ECB+ dev: groups R 0.87 at 10,
# 0.77 at 40, same precision).
BRIDGE_SCAN_MAX = 10
MAX_BRIDGES = 3
BRIDGE_CANDIDATES = 5

_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s(?:while|but|which|whereas|as well as)\s")
# A label never ends on a function word, nor starts on a conjunction or preposition ("and
# further enhance"); it may start on an article or a determiner ("The two sides ...").
_TAIL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "while",
        "which",
        "that",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "as",
        "also",
        "further",
        "its",
        "their",
        "his",
        "her",
        "said",
        "says",
    ]
)
_HEAD_WORDS = _TAIL_WORDS - frozenset(["a", "an", "the", "its", "their", "his", "her"])
# Nor end on a determiner or a number cut off from its noun ("every six", "in the first").
_TAIL_WORDS = _TAIL_WORDS | frozenset(
    [
        "every",
        "each",
        "all",
        "any",
        "some",
        "first",
        "last",
        "next",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "from",
    ]
)


Adjacency = dict[int, dict[int, float]]


class _Clusters:
    """Greedy cohesive merging over a fixed set of weighted links.

    A merge test costs O(smaller cluster x its links), not O(|A| x |B|): pairs across sources
    are counted from per-cluster source counts, and links from the smaller side's adjacency,
    so a claim repeated thousands of times stays near-linear.
    """

    def __init__(self, nodes: Sequence[int], adj: Adjacency, source_of: Sequence[int]):
        self.source_of = source_of
        self.adj = adj
        self.members: dict[int, list[int]] = {n: [n] for n in nodes}
        self.sources: dict[int, Counter[int]] = {n: Counter([source_of[n]]) for n in nodes}
        self.owner: dict[int, int] = {n: n for n in nodes}
        # A refused merge stays refused until one of the two clusters grows: many links
        # between the same two clusters must not each repeat the O(|small|) test.
        self.refused: set[tuple[int, int, int, int]] = set()
        strongest_first = sorted(
            (-score, a, b)
            for a in nodes
            for b, score in adj.get(a, {}).items()
            if a < b and b in self.owner
        )
        for _, a, b in strongest_first:
            self._try_merge(self.owner[a], self.owner[b])

    def _try_merge(self, ca: int, cb: int) -> None:
        if ca == cb:
            return
        small, large = sorted((ca, cb), key=lambda c: len(self.members[c]))
        n_large = len(self.members[large])
        attempt = (small, large, len(self.members[small]), n_large)
        if attempt in self.refused:
            return
        large_sources = self.sources[large]
        cross = sum(n_large - large_sources[self.source_of[x]] for x in self.members[small])
        if not cross:
            self.refused.add(attempt)
            return
        linked = sum(
            1
            for x in self.members[small]
            for y in self.adj.get(x, {})
            if self.owner.get(y) == large
        )
        needed = min(cross, MAX_PARTNERS * len(self.members[small]))
        if linked <= COHESION * needed:
            self.refused.add(attempt)
            return
        for x in self.members[small]:
            self.owner[x] = large
        self.members[large].extend(self.members.pop(small))
        self.sources[large].update(self.sources.pop(small))

    def groups(self) -> list[list[int]]:
        return [sorted(m) for m in self.members.values()]


def _adjacency(links: Sequence[Link]) -> Adjacency:
    adj: Adjacency = {}
    for lk in links:
        adj.setdefault(lk.i, {})[lk.j] = lk.score
        adj.setdefault(lk.j, {})[lk.i] = lk.score
    return adj


def _cluster(nodes: Sequence[int], adj: Adjacency, source_of: Sequence[int]) -> list[list[int]]:
    clusters = _Clusters(nodes, adj, source_of)
    return [g for g in clusters.groups() if _spans_sources(g, source_of)]


def _spans_sources(group: Sequence[int], source_of: Sequence[int]) -> bool:
    return len({source_of[x] for x in group}) >= 2


def _split_bridges(
    group: list[int], adj: Adjacency, source_of: Sequence[int], depth: int = 0
) -> tuple[list[list[int]], set[int]]:
    """The group's parts once bridges are taken out, and the bridges (see the module doc).

    Up to ``MAX_BRIDGES`` members are tried together (a lede and a summary may both stand
    between the same claims), among the ``BRIDGE_CANDIDATES`` best-connected; the removal that
    leaves the most parts wins, and each part is searched again.
    """
    if len(group) < 3 or len(group) > BRIDGE_SCAN_MAX or depth > MAX_BRIDGES:
        return [group], set()
    members = set(group)
    candidates = [x for x in group if _stands_between(x, members, adj, source_of)]
    ranked = sorted(candidates, key=lambda x: (-len(adj.get(x, {}).keys() & members), x))
    best: tuple[list[list[int]], set[int]] | None = None
    for size in range(1, min(MAX_BRIDGES, len(ranked)) + 1):
        for removed in combinations(ranked[:BRIDGE_CANDIDATES], size):
            gone = set(removed)
            parts = _cluster([x for x in group if x not in gone], adj, source_of)
            if len([p for p in parts if len(p) >= 2]) >= 2 and (
                best is None or len(parts) > len(best[0])
            ):
                best = (parts, gone)
        if best is not None:
            break
    if best is None:
        return [group], set()
    out_parts: list[list[int]] = []
    bridges = set(best[1])
    for part in best[0]:
        sub_parts, sub_bridges = _split_bridges(part, adj, source_of, depth + 1)
        out_parts.extend(sub_parts)
        bridges |= sub_bridges
    return out_parts, bridges


def _stands_between(member: int, group: set[int], adj: Adjacency, source_of: Sequence[int]) -> bool:
    """True when two of the member's partners in the group are not linked (two sentences of
    one source never are): only such a member can join claims that are apart."""
    partners = [x for x in adj.get(member, {}) if x in group]
    for n, x in enumerate(partners):
        for y in partners[n + 1 :]:
            if y not in adj.get(x, {}):
                return True
    return False


def _strength(member: int, group: Sequence[int] | set[int], adj: Adjacency) -> float:
    inside = group if isinstance(group, set) else set(group)
    return sum(score for x, score in adj.get(member, {}).items() if x in inside)


def _words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[\w'\u2019.-]*\w", text)]


def _label(central: SegmentTerms, shared_keys: set[str]) -> str:
    """The clause of the central member that carries most shared words, cut at words."""
    seg = central.segment
    text = seg.text
    cuts = [0] + [
        m.start() + (1 if m.group().startswith(" ") else 0) for m in _CLAUSE_BREAK.finditer(text)
    ]
    cuts.append(len(text))
    best, best_value = (0, len(text)), -1.0
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        value = sum(
            1.0
            for t in central.content
            if seg.start + lo <= t.start < seg.start + hi and t.key in shared_keys
        )
        if value > best_value:
            best, best_value = (lo, hi), value
    words = [w for w in _words(text) if best[0] <= w[0] and w[1] <= best[1]] or _words(text)
    while len(words) > 1 and text[words[0][0] : words[0][1]].lower() in _HEAD_WORDS:
        words.pop(0)
    every = _words(text)
    words = _densest_window(words, central, shared_keys)
    words = _whole_names(words, every, text)
    while len(words) > 1 and _cut_tail(text[words[-1][0] : words[-1][1]]):
        words.pop()
    return text[words[0][0] : words[-1][1]] if words else text[:80]


def _cut_tail(word: str) -> bool:
    """A word a label must not end on; a capitalised one ("Phase Two") is part of a name."""
    return word.lower() in _TAIL_WORDS and (word.islower() or word.lower() in _HEAD_WORDS)


def _whole_names(
    words: list[tuple[int, int]], every: list[tuple[int, int]], text: str
) -> list[tuple[int, int]]:
    """Drop a capitalised run at the end that the text continues ("… and Chinese Foreign"
    [Minister Wang Yi]): a label never cuts a name or a title."""
    if not words:
        return words
    after = next((w for w in every if w[0] >= words[-1][1]), None)
    if after is None or not text[after[0]].isupper():
        return words
    cut = list(words)
    while len(cut) > 1 and text[cut[-1][0]].isupper():
        cut.pop()
    return cut if len(cut) > 1 else words


def _densest_window(
    words: list[tuple[int, int]], central: SegmentTerms, shared_keys: set[str]
) -> list[tuple[int, int]]:
    """The run of at most ``LABEL_WORDS`` words holding most shared words (earliest on a tie),
    so that a long clause is labelled by what its sources agree on."""
    if len(words) <= LABEL_WORDS:
        return words
    offset = central.segment.start
    shared_at = {t.start - offset for t in central.content if t.key in shared_keys}
    hits = [1 if w[0] in shared_at else 0 for w in words]
    best_at, best_hits = 0, sum(hits[:LABEL_WORDS])
    if 3 * best_hits >= 2 * sum(hits):
        return words[:LABEL_WORDS]  # the clause's opening says enough: it reads best
    running = best_hits
    for k in range(1, len(words) - LABEL_WORDS + 1):
        running += hits[k + LABEL_WORDS - 1] - hits[k - 1]
        if running > best_hits:
            best_at, best_hits = k, running
    window = words[best_at : best_at + LABEL_WORDS]
    while len(window) > 1 and central.segment.text[window[0][0] : window[0][1]].lower() in (
        _HEAD_WORDS
    ):
        window = window[1:]
    return window


def _span(st: SegmentTerms) -> Span:
    seg = st.segment
    return Span(seg.source, seg.start, seg.end, seg.text)


def _make_group(
    n: int,
    full: Sequence[int],
    partial: Sequence[int],
    terms: Sequence[SegmentTerms],
    adj: Adjacency,
) -> ClaimGroup:
    order = sorted(full, key=lambda x: (terms[x].segment.source, terms[x].segment.start))
    members = set(order)
    central = max(order, key=lambda x: (_strength(x, members, adj), -x))
    key_sources: dict[str, set[int]] = {}
    for x in order:
        for t in terms[x].content:
            key_sources.setdefault(t.key, set()).add(terms[x].segment.source)
    shared = {k for k, srcs in key_sources.items() if len(srcs) >= 2}
    spans = tuple(_span(terms[x]) for x in order)
    partial_spans = tuple(
        _span(terms[x])
        for x in sorted(partial, key=lambda x: (terms[x].segment.source, terms[x].segment.start))
    )
    sources = tuple(sorted({s.source for s in spans}))
    return ClaimGroup(n, _label(terms[central], shared), spans, sources, partial_spans)


class _Members:
    """One group's members as a set, with how many come from each source."""

    def __init__(self, full: Sequence[int], source_of: Sequence[int]):
        self.set = set(full)
        self.per_source = Counter(source_of[x] for x in full)


def _touches(member: int, group: _Members, adj: Adjacency, source_of: Sequence[int]) -> bool:
    """True when ``member`` is linked to enough of ``group`` to pass the merge test.

    Counted from the member's links and the group's source tally, not by walking the group,
    so a wide group costs what the member's few links cost.
    """
    own = source_of[member]
    others = len(group.set) - group.per_source[own]
    linked = sum(1 for y in adj.get(member, {}) if y in group.set and source_of[y] != own)
    return others > 0 and linked > TOUCH * min(others, MAX_PARTNERS)


def _spread_members(
    found: list[tuple[list[int], list[int]]], adj: Adjacency, source_of: Sequence[int]
) -> list[tuple[list[int], list[int]]]:
    """A full member that also touches two or more other groups is a lede or a summary: it
    becomes a partial member of every group it touches. Groups left with one source go."""
    touched: dict[int, list[int]] = {}
    for g, (full, _) in enumerate(found):
        for x in full:
            touched.setdefault(x, []).append(g)
    tallies = [_Members(full, source_of) for full, _ in found]
    for x, groups in touched.items():
        near = {g for y in adj.get(x, {}) for g in touched.get(y, ())} - set(groups)
        for g in sorted(near):
            if len(found[g][0]) >= 2 and _touches(x, tallies[g], adj, source_of):
                groups.append(g)
    summaries = {x for x, groups in touched.items() if len(groups) >= 3}
    out: list[tuple[list[int], list[int]]] = []
    for g, (full, partial) in enumerate(found):
        members = [x for x in full if x not in summaries]
        extra = {x for x in summaries if g in touched[x]}
        if _spans_sources(members, source_of):
            out.append((members, sorted(set(partial) | extra)))
    return out


def claim_groups(terms: Sequence[SegmentTerms], links: Sequence[Link]) -> tuple[ClaimGroup, ...]:
    """Cohesive claim groups of the linked segments, ordered by their first member."""
    source_of = [st.segment.source for st in terms]
    adj = _adjacency(links)
    found: list[tuple[list[int], list[int]]] = []
    for group in _cluster(sorted(adj), adj, source_of):
        parts, bridges = _split_bridges(group, adj, source_of)
        for part in parts:
            if not _spans_sources(part, source_of):
                continue
            touching = [b for b in bridges if any(x in adj[b] for x in part)]
            found.append((part, touching))
    found = _spread_members(found, adj, source_of)
    found.sort(key=lambda fp: min((terms[x].segment.source, terms[x].segment.start) for x in fp[0]))
    return tuple(
        _make_group(n, full, partial, terms, adj) for n, (full, partial) in enumerate(found)
    )
