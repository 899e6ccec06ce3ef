"""What a dossier's sources carry, indexed once per comparison for the unique-fact test.

Partners of each linked segment (all of them, and the best one per other source), the
sentences beside a partner, the keys of a set of partners, the dossier's names, which sources
use a key, and the objects of the partners' verbs. Nothing here decides what is unique
(:mod:`app.engine.unique` does); every index is built from ``terms`` (the dossier's segments in
order) and ``links`` (indices into ``terms``) and leaves both unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from app.engine.align import Link
from app.engine.model import FURNITURE_KINDS
from app.engine.normalize import match_key
from app.engine.similarity import SegmentTerms
from app.engine.units import governed_objects


def key_prefix(key: str) -> str:
    """The first five letters of a key: derived forms share them ("industry", "industrial")."""
    return key[:5]


def hyphen_joins(terms: SegmentTerms) -> dict[int, str]:
    """Tokens split at a hyphen, with the key of the joined word ("counter-terrorism")."""
    toks, seg = terms.tokens, terms.segment
    out: dict[int, str] = {}
    if "-" not in seg.text and "\u2010" not in seg.text and "\u2011" not in seg.text:
        return out
    for n in range(len(toks) - 1):
        a, b = toks[n], toks[n + 1]
        if b.start == a.end + 1 and seg.text[a.end - seg.start] in "-\u2010\u2011":
            key = match_key(a.text + b.text)
            out[n] = out[n + 1] = key
    return out


def best_partners(terms: Sequence[SegmentTerms], links: Sequence[Link]) -> dict[int, set[int]]:
    """For each linked segment, its best-scoring partner in each other source.

    A segment may link to several of a source's segments; the best one is its counterpart
    for that claim, and the others only share part of it, so they do not vouch for its words.
    """
    best: dict[tuple[int, int], tuple[float, int]] = {}
    source_of = [st.segment.source for st in terms]
    for link in links:
        score = link.score
        for seg, other in ((link.i, link.j), (link.j, link.i)):
            key = (seg, source_of[other])
            held = best.get(key, _NO_PARTNER)
            if (score, -other) > (held[0], -held[1]):  # the higher score, then the earlier one
                best[key] = (score, other)
    mates: dict[int, set[int]] = {}
    for (seg, _), (_, other) in best.items():
        mates.setdefault(seg, set()).add(other)
    return mates


_NO_PARTNER = (0.0, 0)


class InSources:
    """The keys that occur in any of ``sources`` (a view on a key -> sources index)."""

    def __init__(self, sources_by_key: dict[str, set[int]], sources: set[int]):
        self.sources_by_key, self.sources = sources_by_key, sources

    def __contains__(self, key: object) -> bool:
        found = self.sources_by_key.get(key) if isinstance(key, str) else None
        return bool(found) and not found.isdisjoint(self.sources)  # type: ignore[union-attr]


class PartnerObjects:
    """The objects of the partners' verbs, read only when a verb with a known object asks
    (most segments never do), each partner's once."""

    def __init__(
        self,
        terms: Sequence[SegmentTerms],
        texts: Sequence[str],
        names: set[str],
        partners: set[int],
        cache: dict[int, set[str]],
    ):
        self.terms, self.texts, self.names = terms, texts, names
        self.partners, self.cache = partners, cache

    def __contains__(self, key: object) -> bool:
        for p in self.partners:
            if p not in self.cache:
                st = self.terms[p]
                text = self.texts[st.segment.source]
                self.cache[p] = governed_objects(st.tokens, text, self.names)
            if key in self.cache[p]:
                return True
        return False


def dossier_names(terms: Sequence[SegmentTerms]) -> set[str]:
    """Keys written as proper nouns somewhere in the dossier (capitalised inside a sentence).

    Headlines in title case ("Star Dies At Age 91") capitalise every word, so their capitals
    name nothing; a name in one of them is a name because running text writes it so.
    """
    found: set[str] = set()
    for st in terms:
        if st.heavy and not title_cased(st):
            found.update(st.heavy)
    return found


def title_cased(terms: SegmentTerms) -> bool:
    """A headline that capitalises most of its content words."""
    words = [t.text for t in terms.content if t.text[:1].isalpha()]
    capitals = sum(w[:1].isupper() for w in words)
    return len(words) >= 3 and capitals >= 0.75 * len(words)


def keys_by_source(terms: Sequence[SegmentTerms]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for st in terms:
        out.setdefault(st.segment.source, set()).update(t.key for t in st.tokens)
    return out


def key_index(
    by_source: dict[int, set[str]],
) -> tuple[dict[str, set[int]], dict[str, set[str]]]:
    """The sources of each key, and the dossier's keys of five letters or more by prefix."""
    sources_by_key: dict[str, set[int]] = {}
    prefixes: dict[str, set[str]] = {}
    for src, src_keys in by_source.items():
        for key in src_keys:
            found = sources_by_key.get(key)
            if found is not None:
                found.add(src)
                continue
            sources_by_key[key] = {src}
            if len(key) >= 5 and key.isalpha():
                prefixes.setdefault(key_prefix(key), set()).add(key)
    return sources_by_key, prefixes


def linked_sources(terms: Sequence[SegmentTerms], links: Sequence[Link]) -> dict[int, set[int]]:
    """For each source, the other sources it shares at least one link with."""
    out: dict[int, set[int]] = {}
    for link in links:
        a, b = terms[link.i].segment.source, terms[link.j].segment.source
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


def partner_keys(
    terms: Sequence[SegmentTerms],
    partners: Iterable[int],
    cache: dict[int, tuple[set[str], set[str]]],
    with_acronyms: bool = True,
) -> tuple[set[str], set[str]]:
    """The keys (hyphenated words joined too) and acronym features of the partners.

    ``with_acronyms=False`` when the dossier defines no acronym (no segment has such a feature).
    """
    keys: set[str] = set()
    acronyms: set[str] = set()
    for p in partners:
        found = cache.get(p)
        if found is None:
            st = terms[p]
            words = {t.key for t in st.tokens}
            words.update(hyphen_joins(st).values())
            marks = {f for f in st.features if f[0] == "@"} if with_acronyms else set()
            found = cache[p] = (words, marks)
        keys |= found[0]
        if found[1]:
            acronyms |= found[1]
    return keys, acronyms


def neighbours(terms: Sequence[SegmentTerms]) -> Callable[[int], tuple[int, ...]]:
    """The segments just before and after a segment in its own source (not furniture), each
    segment's computed once (a partner is the best partner of many segments)."""
    found: dict[int, tuple[int, ...]] = {}

    def near_of(p: int) -> tuple[int, ...]:
        out = found.get(p)
        if out is None:
            source = terms[p].segment.source
            out = found[p] = tuple(
                q
                for q in (p - 1, p + 1)
                if 0 <= q < len(terms)
                and terms[q].segment.source == source
                and terms[q].segment.kind not in FURNITURE_KINDS
            )
        return out

    return near_of


def linked_partners(links: Sequence[Link]) -> dict[int, set[int]]:
    """Every segment a linked segment is linked to (in any other source)."""
    mates: dict[int, set[int]] = {}
    for link in links:
        mates.setdefault(link.i, set()).add(link.j)
        mates.setdefault(link.j, set()).add(link.i)
    return mates
