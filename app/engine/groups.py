"""Claim groups: connected components of the alignment links, each with a short label.

Invariants: every segment with at least one link is in exactly one group; a group has members
from at least two sources; members are ordered by (source, start); the label is a substring
of one member's text (at most ``LABEL_WORDS`` words).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.engine.align import Link
from app.engine.model import ClaimGroup, Span
from app.engine.similarity import SegmentTerms

LABEL_WORDS = 5
# Labels look at the first members only: enough to find what they share, and it keeps a
# hundred-member group of wire copies cheap.
LABEL_MEMBERS = 8


def _components(n: int, links: Sequence[Link]) -> list[list[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        ra, rb = find(link.i), find(link.j)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    linked = {x for link in links for x in (link.i, link.j)}
    for x in sorted(linked):
        members.setdefault(find(x), []).append(x)
    return list(members.values())


def _label(group: Sequence[SegmentTerms], idf: dict[str, float], texts: Sequence[str]) -> str:
    """The window of up to LABEL_WORDS words of one member sharing the rarest words."""
    group = group[:LABEL_MEMBERS]
    counts: dict[str, int] = {}
    for st in group:
        for key in {t.key for t in st.content}:
            counts[key] = counts.get(key, 0) + 1

    weights = {key: idf.get(key, 0.0) * (c - 1) for key, c in counts.items()}

    best = (-1.0, group[0].segment.text[:60], 0)
    for st in group:
        content = st.content
        w = [weights.get(t.key, 0.0) for t in content]
        text = texts[st.segment.source]
        for a in range(len(content)):
            if w[a] <= 0:
                continue
            value = 0.0
            for b in range(a, min(a + LABEL_WORDS, len(content))):
                if content[b].end - content[a].start > 60:
                    break
                value += w[b] - 0.01
                if w[b] > 0 and value > best[0]:
                    best = (value, text[content[a].start : content[b].end], st.segment.source)
    return best[1]


def claim_groups(
    terms: Sequence[SegmentTerms],
    links: Sequence[Link],
    idf: dict[str, float],
    texts: Sequence[str],
) -> tuple[ClaimGroup, ...]:
    """Groups of linked segments, ordered by their first member."""
    groups = []
    for n, comp in enumerate(_components(len(terms), links)):
        members = sorted(
            (terms[x] for x in comp), key=lambda st: (st.segment.source, st.segment.start)
        )
        spans = tuple(
            Span(st.segment.source, st.segment.start, st.segment.end, st.segment.text)
            for st in members
        )
        sources = tuple(sorted({s.source for s in spans}))
        groups.append(ClaimGroup(n, _label(members, idf, texts), spans, sources))
    return tuple(groups)
