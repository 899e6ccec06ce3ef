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
members, where bridges are searched); the label is a clause of one member's text (see
:mod:`app.engine.labels`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations

from app.engine.align import MAX_PARTNERS, Link
from app.engine.labels import label
from app.engine.model import ClaimGroup, Span
from app.engine.similarity import SegmentTerms

COHESION = 0.34
# A member outside a group "touches" it when linked to more than this share of it (see
# _spread_members): stricter than COHESION, so that a hub of one claim stays its member.
TOUCH = 0.5
# Bridges are looked for in groups up to this size. Wider groups are a main event reported in
# many sentences, where splitting off hubs loses true pairs (ECB+ dev: groups R 0.87 at 10,
# 0.77 at 40, same precision).
BRIDGE_SCAN_MAX = 10
MAX_BRIDGES = 3
BRIDGE_CANDIDATES = 5

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
    return ClaimGroup(n, label(terms[central], shared), spans, sources, partial_spans)


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
