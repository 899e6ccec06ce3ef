"""Facts that only one source reports: unpartnered segments and phrases inside aligned ones.

Invariants: every :class:`UniqueSpan` has ``span.text == texts[source][start:end]``, starts
and ends on a word, and lies inside one segment; phrase spans of a segment do not overlap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from operator import attrgetter

from app.engine.align import Link
from app.engine.dossier_index import (
    InSources,
    PartnerObjects,
    best_partners,
    dossier_names,
    hyphen_joins,
    key_index,
    key_prefix,
    keys_by_source,
    linked_partners,
    linked_sources,
    neighbours,
    partner_keys,
)
from app.engine.lexicon import GRADING_MODIFIERS, REPORTING_VERBS
from app.engine.model import FURNITURE_KINDS, Span, UniqueSpan
from app.engine.normalize import match_key
from app.engine.similarity import SegmentTerms, defined_acronyms
from app.engine.units import Unit, novel_units

_REASONS = {
    "name": "a name the other sources do not mention",
    "date": "a date or time the aligned sentences do not give",
    "number": "a number the aligned sentences do not give",
    "list": "items the aligned sentences do not list",
    "commitment": "a commitment the aligned sentences do not report",
    "phrase": "a detail the aligned sentences do not report",
    "attribution": "a source the aligned sentences do not cite",
}
# In a sentence that no other source reports, what it says is judged against every other
# source, and the reason says so.


_UNPARTNERED_REASONS = {
    "name": "a name the other sources do not mention",
    "date": "a date or time no other source gives",
    "number": "a number no other source gives",
    "list": "items no other source lists",
    "commitment": "a commitment no other source reports",
    "phrase": "a detail no other source reports",
    "attribution": "a source no other source cites",
}
# Kinds of unit that one word the linked sources also use does not make a fact of.


_BARE_WORD_REASONS = frozenset({_UNPARTNERED_REASONS["phrase"], _UNPARTNERED_REASONS["commitment"]})
# In an aligned sentence a new verb is what this source says happened in the claim, even when
# the dossier uses the word elsewhere; a bare noun the linked sources use names nothing new.
_BARE_NOUN_REASONS = frozenset({_REASONS["phrase"]})


def segment_unique(terms: SegmentTerms) -> UniqueSpan:
    """A whole segment that no other source reports."""
    seg = terms.segment
    span = Span(seg.source, seg.start, seg.end, seg.text)
    return UniqueSpan(span, "segment", "no other source reports this")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the other sources carry, as matching keys: partners' words and dossier names."""

    partner_keys: set[str]
    prefixes: dict[str, set[str]]  # the dossier's keys by their first five letters
    source_names: Container[str]
    names: set[str]
    acronyms: set[str]
    governed: Container[str]


def _related(key: str, evidence: Evidence) -> bool:
    """A derived form of a partner's word ("industrial" for "industry", "strategy")."""
    if len(key) < 5 or not evidence.partner_keys or not key.isalpha():
        return False
    for other in evidence.prefixes.get(key_prefix(key), ()):
        if other not in evidence.partner_keys:
            continue
        common = len(_common_prefix(key, other))
        if common >= 0.7 * min(len(key), len(other)):
            return True
    return False


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _known_test(
    terms: SegmentTerms, evidence: Evidence, long_forms: dict[str, str]
) -> tuple[Callable[[int], bool], Callable[[int], bool]]:
    """Two tests of token ``n``: whether the other sources carry it (a name counts when any
    linked source mentions it), and whether the aligned sentences themselves do."""
    toks = terms.tokens
    text_keys = [t.key for t in toks]
    in_acronym = _acronym_tokens(text_keys, long_forms, evidence.acronyms)
    joined = hyphen_joins(terms)

    def cited_word(n: int) -> bool:
        return (
            text_keys[n] in evidence.partner_keys
            or n in in_acronym
            or joined.get(n) in evidence.partner_keys
        )

    def cited(n: int) -> bool:
        return cited_word(n) or _related(text_keys[n], evidence)

    def known_name(n: int) -> bool:  # a sentence without partners shares names only
        key = text_keys[n]
        return key in evidence.names and toks[n].text[:1].isupper() and key in evidence.source_names

    if not evidence.partner_keys and not evidence.acronyms:
        return known_name, _cites_nothing

    def known(n: int) -> bool:
        key = text_keys[n]
        if cited_word(n):
            return True
        if key in evidence.names and toks[n].text[:1].isupper():
            return key in evidence.source_names
        return _related(key, evidence)

    return known, cited


def _cites_nothing(n: int) -> bool:
    return False


def _acronym_tokens(keys: list[str], long_forms: dict[str, str], known: set[str]) -> set[int]:
    """Tokens of an acronym or of its long form when a partner uses either."""
    out: set[int] = set()
    if not known:
        return out
    for n, key in enumerate(keys):
        if "@" + key in known:
            out.add(n)
    for long_form, acronym in long_forms.items():
        if "@" + acronym not in known:
            continue
        parts = long_form.split()
        for n in range(len(keys) - len(parts) + 1):
            if keys[n] != parts[0]:
                continue
            window = [k for k in keys[n : n + 3 * len(parts)] if k][: len(parts)]
            if window == parts:
                m, seen = n, 0
                while seen < len(parts) and m < len(keys):
                    seen += keys[m] == parts[seen]
                    out.add(m)
                    m += 1
    return out


UnitMemo = dict[tuple[object, ...], list[Unit]]


_DIGIT = re.compile(r"\d")


def phrase_uniques(
    terms: SegmentTerms,
    evidence: Evidence,
    text: str,
    long_forms: dict[str, str] | None = None,
    memo: tuple[UnitMemo, tuple[object, ...]] | None = None,
    reasons: dict[str, str] = _REASONS,
) -> list[UniqueSpan]:
    """Content units of a segment that hold a fact its partners do not carry.

    ``memo`` is a dict shared across calls and the key of ``evidence`` in it (same source, same
    partners): segments whose text differs only in its digits and whose words are carried alike
    get the same units (a source that repeats a sentence with other numbers costs one).
    """
    known, cited = _known_test(terms, evidence, long_forms or {})
    flags = tuple([known(n) for n in range(len(terms.tokens))])
    # only an attribution asks what the aligned sentences themselves carry
    attributed = any(t.text in REPORTING_VERBS for t in terms.tokens)
    in_partners = tuple([cited(n) for n in range(len(terms.tokens))]) if attributed else flags
    content = {t.start for t in terms.content}
    if all(in_partners[n] for n, t in enumerate(terms.tokens) if t.start in content):
        return []  # wire copy: every content word is the partners' (no units to build)
    units: list[Unit] | None = None
    if memo is not None:
        memo_key = (*memo[1], _DIGIT.sub("0", terms.segment.text), flags, in_partners)
        units = memo[0].get(memo_key)
    if units is None:
        units = novel_units(
            terms.tokens,
            text,
            flags.__getitem__,
            evidence.names,
            evidence.governed,
            in_partners.__getitem__,
        )
        if memo is not None:
            memo[0][memo_key] = units
    out: list[UniqueSpan] = []
    source = terms.segment.source
    for unit in units:
        start, end = terms.tokens[unit.first].start, terms.tokens[unit.last].end
        span = Span(source, start, end, text[start:end])
        out.append(UniqueSpan(span, "phrase", reasons[unit.kind]))
    return out


def find_uniques(
    terms: Sequence[SegmentTerms],
    links: Sequence[Link],
    texts: Sequence[str],
    long_forms: dict[str, str] | None = None,
) -> tuple[UniqueSpan, ...]:
    """Unique spans of a dossier, sorted by (source, start).

    Article furniture (byline, dateline, caption, credit, timestamp, boilerplate) is never a
    fact. A segment of a source that shares no link with any other (one source, or a report of
    another event) is unique whole. In a source that does, a segment without a link reports a
    claim no other source reports, and its facts are its content units (see
    :mod:`app.engine.units`) but the names that a linked source mentions: not its reporting
    verb, function words or honorifics. In a linked sentence or list item, the content units
    that its partners do not carry are unique phrases: a word counts as carried when a linked
    partner has it (or a derived form, or the acronym of its long form), or when the sentence
    just before or after its best partner does (a report may split one claim over two
    sentences) and that neighbour is not linked to another sentence of this source; a name
    counts as carried when any source linked to this one mentions it. A unit of one noun
    that a linked source uses anywhere is dropped: alone it tells no fact of its own.
    ``long_forms`` maps the long forms of acronyms defined in the texts to the acronym
    (``similarity.defined_acronyms``); computed here when not given.
    """
    if long_forms is None:
        long_forms = defined_acronyms(texts)
    mates = linked_partners(links)
    best = best_partners(terms, links)
    names = dossier_names(terms)
    by_source = keys_by_source(terms)
    sources_of = linked_sources(terms, links)
    objects: dict[int, set[str]] = {}
    sources_by_key, prefixes = key_index(by_source)
    out: list[UniqueSpan] = []
    units_memo: UnitMemo = {}
    evidence_of: dict[tuple[int, frozenset[int], frozenset[int]], Evidence] = {}
    keys_of: dict[int, tuple[set[str], set[str]]] = {}
    alone_of: dict[int, Evidence] = {}  # per source: the evidence of its unpartnered sentences
    near_of = neighbours(terms)
    claims_another = _ClaimsAnother(mates, terms)
    for n, st in enumerate(terms):
        kind = st.segment.kind
        if kind in FURNITURE_KINDS:
            continue
        source = st.segment.source
        if n not in mates:
            if source not in sources_of:
                out.append(segment_unique(st))
                continue
            if source not in alone_of:
                alone_of[source] = _unpartnered_evidence(
                    source, sources_by_key, sources_of, names, prefixes
                )
            alone = alone_of[source]
            out.extend(_unpartnered_uniques(st, alone, texts[source], long_forms, units_memo))
            continue
        near = (q for p in best[n] for q in near_of(p) if not claims_another(q, n))
        carriers = frozenset(mates[n].union(near))
        evidence_key = (source, frozenset(mates[n]), carriers)
        evidence = evidence_of.get(evidence_key)
        if evidence is None:  # segments that repeat one another share their partners
            keys, acronyms = partner_keys(terms, carriers, keys_of, bool(long_forms))
            others = InSources(sources_by_key, sources_of.get(source, set()))
            governed = PartnerObjects(terms, texts, names, mates[n], objects)
            evidence = Evidence(keys, prefixes, others, names, acronyms, governed)
            evidence_of[evidence_key] = evidence
        memo = (units_memo, evidence_key)
        found = phrase_uniques(st, evidence, texts[source], long_forms, memo)
        out.extend(_without_bare_words(found, evidence, _BARE_NOUN_REASONS))
    out.sort(key=_SPAN_ORDER)
    return tuple(out)


_SPAN_ORDER = attrgetter("span.source", "span.start")


class _ClaimsAnother:
    """Whether segment ``q`` is linked to a sentence of ``n``'s source other than ``n``: its
    words then report that sentence's claim, not a split half of ``n``'s. Each segment's
    partners are grouped by source once (a segment is asked about for every neighbour)."""

    def __init__(self, mates: dict[int, set[int]], terms: Sequence[SegmentTerms]) -> None:
        self._mates = mates
        self._terms = terms
        self._by_source: dict[int, dict[int, list[int]]] = {}

    def __call__(self, q: int, n: int) -> bool:
        if self._terms[n].segment.kind == "heading":
            return False  # a headline sums up the claims the sentences below it report
        by_source = self._by_source.get(q)
        if by_source is None:
            by_source = self._by_source[q] = {}
            for m in self._mates.get(q, ()):
                by_source.setdefault(self._terms[m].segment.source, []).append(m)
        same = by_source.get(self._terms[n].segment.source, ())
        return len(same) > 1 or (len(same) == 1 and same[0] != n)


def _unpartnered_evidence(
    source: int,
    sources_by_key: dict[str, set[int]],
    sources_of: dict[int, set[int]],
    names: set[str],
    prefixes: dict[str, set[str]],
) -> Evidence:
    """What a sentence without a partner may share: the names that the sources linked to its
    own mention. The words of other sentences, which report other claims, vouch for nothing."""
    others = InSources(sources_by_key, sources_of[source])
    return Evidence(set(), prefixes, others, names, set(), frozenset())


def _unpartnered_uniques(
    st: SegmentTerms, evidence: Evidence, text: str, long_forms: dict[str, str], memo: UnitMemo
) -> list[UniqueSpan]:
    """The units of a sentence without a partner, but single words that the linked sources
    use too ("terrorism", "cooperation"): alone they tell no fact of their own."""
    found = phrase_uniques(
        st, evidence, text, long_forms, (memo, (st.segment.source,)), _UNPARTNERED_REASONS
    )
    return _without_bare_words(found, evidence, _BARE_WORD_REASONS)


def _without_bare_words(
    found: list[UniqueSpan], evidence: Evidence, bare_reasons: frozenset[str]
) -> list[UniqueSpan]:
    """Drop single words, given one of ``bare_reasons``, that the linked sources use too
    ("terrorism", "cooperation", "strong support"): alone they tell no fact of their own."""
    return [u for u in found if not (u.reason in bare_reasons and _bare(u.span.text, evidence))]


def _bare(text: str, evidence: Evidence) -> bool:
    """One word that the linked sources use, maybe behind modifiers that only grade it."""
    keys = [match_key(word) for word in text.split()]
    content = [key for key in keys if key not in GRADING_MODIFIERS]
    return len(content) == 1 and content[0] in evidence.source_names
