"""Content units of a segment: the names, dates, numbers, noun phrases and commitments in it.

A unique fact is reported as one of these units, never as a loose word. :func:`novel_units`
takes the tokens of one segment and a test of which of them the other sources carry, and
returns the units with something new in them, each grown to its phrase:

- a **name** is a run of capitalised words ("Gwadar International Airport"); it is known when
  its head (last word) is known, so a longer form of a name the partners give ("Mohammad Ishaq
  Dar" for "Ishaq Dar") is no fact, and a title or honorific is never one;
- a **date or number** keeps its parts whole ("January 3 to January 5", "12:50 PM", "75
  years"); a number that counts the parties ("the two sides") is no fact;
- a **noun phrase** runs from its modifiers to its head and its "of" complement ("intelligence
  cooperation", "settlement of the Kashmir issue"); a new head after a known modifier
  ("Chinese personnel" for "Chinese workers") is a rewording, not a fact;
- a **commitment** is a verb with a new object; a verb whose object the partners give, or that
  only governs another verb ("pledged to enhance"), is a rewording of the predicate.

Words of the closed classes in :mod:`app.engine.lexicon` never make a unit by themselves.
Invariants: units are ``(first, last)`` token indices with ``first <= last``, in order, not
overlapping, and never crossing a clause mark (comma, colon, semicolon, bracket, dash or quote)
except inside a list of new items.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.engine import lexicon as lx
from app.engine.normalize import STOPWORDS, Token, match_key

_JOIN = re.compile(r"^[ \t]*$|^[ \t]*[-\u2010\u2011\u2013\u2014][ \t]*$")  # inside one unit
_DATE_GAP = re.compile(r"^[ \t]*[,/.:\u2013-]?[ \t]*$")
_LIST_GAP = re.compile(r"^(?:[\s,]*(?:and|or|as well as|such as)?[\s,]*)$", re.IGNORECASE)
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
_ADVERB_SKIP = lx.GENERIC_MODIFIERS | {"not", "also", "further"}


@dataclass(frozen=True, slots=True)
class Unit:
    """Tokens ``first..last`` (inclusive) of a segment, with what kind of fact they hold."""

    first: int
    last: int
    kind: str  # "name", "date", "number", "phrase", "commitment", "list"


class _Segment:
    """The tokens of one segment with their classes, computed once."""

    def __init__(
        self,
        toks: Sequence[Token],
        text: str,
        known: Callable[[int], bool],
        names: set[str],
        governed: Container[str] = frozenset(),
    ):
        self.toks = toks
        self.governed = governed
        self.text = text
        # the gap after each token decides most questions, so it is read once
        join = _JOIN.match
        self._joined = [
            gap == " " or join(gap) is not None
            for gap in [text[a.end : b.start] for a, b in zip(toks, toks[1:], strict=False)]
        ]
        self._joined.append(False)
        self._verb: list[bool | None] = [None] * len(toks)
        self.known = list(map(known, range(len(toks))))
        self.stop = [_is_stop(t.text, t.key) for t in toks]
        for first, last in _complex_prepositions(toks):
            for m in range(first, last + 1):
                self.stop[m] = True
        self.name = self._names(names)
        self.date = [t.key.isdigit() or t.key in _DATE_KEYS for t in toks]

    def _names(self, names: set[str]) -> list[bool]:
        """Capitalised words written as names, and those that open a name ("Mohammad Dar")."""
        found = [False] * len(self.toks)
        for n in range(len(self.toks) - 1, -1, -1):
            tok = self.toks[n]
            if not tok.text[:1].isupper() or tok.key in lx.HONORIFICS or self.stop[n]:
                continue
            opens = n + 1 < len(self.toks) and found[n + 1] and self.joined(n)
            found[n] = tok.key in names or opens
        return found

    def gap(self, n: int) -> str:
        """The text between token ``n`` and token ``n + 1``."""
        return self.text[self.toks[n].end : self.toks[n + 1].start]

    def joined(self, n: int) -> bool:
        """Whether token ``n`` and the next are one stretch of a clause (no clause break)."""
        return 0 <= n < len(self._joined) and self._joined[n]

    def previous_word(self, n: int) -> str | None:
        """The key of the word before ``n`` in the same clause, skipping adverbs."""
        m = n - 1
        while m >= 0 and self._joined[m]:
            if self.toks[m].key not in _ADVERB_SKIP:
                return self.toks[m].key
            m -= 1
        return None

    def is_verb(self, n: int) -> bool:
        """A lower-case word placed as a verb: after "to", a modal or a pronoun, or in -ed."""
        found = self._verb[n]
        if found is None:
            found = self._verb[n] = self._placed_as_verb(n)
        return found

    def _placed_as_verb(self, n: int) -> bool:
        tok = self.toks[n]
        if not tok.text[:1].islower() or self.date[n]:
            return False
        before = self.previous_word(n)
        if before in _VERB_CUES:
            return not tok.text.lower().endswith(lx.NOUN_SUFFIXES)
        if before in lx.DETERMINERS:
            return False
        if tok.text.lower().endswith("ed"):
            return True
        if tok.key in lx.COMMON_VERBS:
            return n == 0 or not self.joined(n - 1) or self.stop[n - 1] or self.name[n - 1]
        return False


@lru_cache(maxsize=65536)
def _is_stop(text: str, key: str) -> bool:
    """A function word or preposition (remembered per spelling: texts repeat their words)."""
    return text.lower().strip("'\u2019") in STOPWORDS or not key or key in lx.PREPOSITIONS


_DATE_KEYS = lx.MONTHS | lx.WEEKDAYS
_WHEN_WORDS = _DATE_KEYS | lx.RELATIVE_DAYS
_COMPLEX_FIRST_KEYS = frozenset(match_key(first) for first in lx.COMPLEX_BY_FIRST)
_VERB_CUES = frozenset({"to"}) | lx.MODALS | lx.SUBJECT_PRONOUNS


def _complex_prepositions(toks: Sequence[Token]) -> list[tuple[int, int]]:
    """Token ranges of multiword prepositions and conjunctions ("in order to", "as well as")."""
    found = []
    by_first = lx.COMPLEX_BY_FIRST
    for n, tok in enumerate(toks):
        if tok.key not in _COMPLEX_FIRST_KEYS:
            continue  # most words open none: one set lookup instead of lower() and a dict
        for phrase in by_first.get(tok.text.lower(), ()):
            words = [t.text.lower() for t in toks[n : n + len(phrase)]]
            if tuple(words) == phrase:
                found.append((n, n + len(phrase) - 1))
    return found


def _closed(seg: _Segment, n: int) -> bool:
    """A word that is never a fact alone (attribution, reference, grading, a light noun)."""
    key = seg.toks[n].key
    word = seg.toks[n].text.lower()
    return (
        seg.stop[n]
        or key in lx.NEVER_FACT
        or word in lx.GENERIC_MODIFIER_WORDS
        or word in lx.LIGHT_NOUN_WORDS
        or key in lx.PARTY_NOUNS
        or key in lx.TIME_WORDS
    )


def _name_chunk(seg: _Segment, n: int) -> tuple[int, int]:
    first = last = n
    while first > 0 and seg.name[first - 1] and seg.joined(first - 1):
        first -= 1
    while seg.joined(last) and seg.name[last + 1]:
        last += 1
    return first, last


def _is_known_name(seg: _Segment, n: int) -> bool:
    """A whole noun phrase that is a name the partners give ("Gwadar Port", not "Chinese
    government", where the name only modifies)."""
    last = _name_chunk(seg, n)[1]
    head_follows = last + 1 < len(seg.toks) and seg.joined(last) and not seg.stop[last + 1]
    return seg.known[last] and not head_follows


def _date_chunk(seg: _Segment, n: int) -> tuple[int, int]:
    """A date, time or interval: numbers, months and weekdays joined by date punctuation."""

    def linked(m: int) -> bool:  # tokens m and m+1 belong to one date
        if not (m + 1 < len(seg.toks)):
            return False
        gap = seg.gap(m)
        if seg.date[m + 1] or seg.toks[m + 1].key in lx.TIME_WORDS:
            return bool(_DATE_GAP.match(gap))
        return False

    first = last = n
    while first > 0 and seg.date[first - 1] and linked(first - 1):
        first -= 1
    while linked(last):
        last += 1
    # "January 3 to January 5": an interval is one date
    while (
        last + 2 < len(seg.toks)
        and seg.toks[last + 1].key in {"to", "and"}
        and seg.date[last + 2]
        and seg.joined(last)
        and seg.joined(last + 1)
    ):
        last += 2
        while linked(last):
            last += 1
    return first, last


def _noun_phrase(seg: _Segment, n: int) -> tuple[int, int]:
    """Modifiers, head and "of" complement around a new content word."""
    first = last = n
    while (
        first > 0
        and seg.joined(first - 1)
        and not seg.stop[first - 1]
        and not seg.is_verb(first - 1)
        and (
            seg.toks[first - 1].key in lx.GENERIC_MODIFIERS
            or not (seg.known[first - 1] or _closed(seg, first - 1))
        )
    ):
        first -= 1
    while seg.joined(last) and not seg.stop[last + 1] and not seg.is_verb(last + 1):
        last += 1
    if last + 2 < len(seg.toks) and seg.toks[last + 1].key == "of" and seg.joined(last):
        end = last + 2
        while end < len(seg.toks) and seg.stop[end] and seg.joined(end - 1):
            end += 1
        known_name = end < len(seg.toks) and seg.name[end] and _is_known_name(seg, end)
        if end < len(seg.toks) and seg.joined(end - 1) and not seg.is_verb(end) and not known_name:
            # "settlement of the Kashmir issue"; not "of Gwadar Port", a name the partners give
            while seg.joined(end) and not seg.stop[end + 1] and not seg.is_verb(end + 1):
                end += 1
            last = end
    return first, last


def _object_of(seg: _Segment, n: int) -> int | None:
    """The first content word after the verb at ``n`` in its clause (past determiners); none
    when a day comes first ("voted Sunday"), which says when, not what."""
    m = n + 1
    while m < len(seg.toks) and seg.joined(m - 1) and seg.stop[m] and m - n <= 3:
        m += 1
    if m >= len(seg.toks) or not seg.joined(m - 1) or seg.stop[m]:
        return None
    if seg.toks[m].key in _WHEN_WORDS:
        return None
    while m + 1 < len(seg.toks) and _closed(seg, m) and seg.joined(m) and not seg.stop[m + 1]:
        m += 1  # "a zero-tolerance policy": past grading words to the noun
    return m


def _verb_is_fact(seg: _Segment, n: int) -> bool:
    """A verb is a fact unless it frames its object (``lexicon.FRAME_VERBS``: "commended",
    "reviewed"), only governs another verb as a catenative verb does ("pledged to enhance"), is
    a light verb without a new object, or its object is one a partner's verb governs (the same
    predicate in other words: "adopt a zero-tolerance policy" for "reiterated a ...")."""
    if seg.toks[n].key in lx.FRAME_VERBS:
        return False
    obj = _object_of(seg, n)
    if obj is not None and seg.is_verb(obj) and seg.toks[n].key in lx.CATENATIVE_VERBS:
        return False
    new_object = obj is not None and not seg.known[obj] and not _closed(seg, obj)
    if seg.toks[n].key in lx.LIGHT_VERBS and not new_object:
        return False
    return new_object or obj is None or seg.toks[obj].key not in seg.governed


def governed_objects(toks: Sequence[Token], text: str, names: set[str]) -> set[str]:
    """Keys of the words that a verb governs in a segment (its objects)."""
    seg = _Segment(toks, text, lambda n: False, names)
    out: set[str] = set()
    for n in range(len(toks)):
        if not seg.stop[n] and seg.is_verb(n):
            obj = _object_of(seg, n)
            if obj is not None:
                out.add(toks[obj].key)
    return out


def _rewording(seg: _Segment, n: int) -> bool:
    """A new head noun right after a known modifier or number, with nothing new after it:
    the same thing in other words ("Chinese personnel" for "Chinese workers", "75th
    anniversary" for "75 years")."""
    if n == 0 or not seg.joined(n - 1) or seg.stop[n - 1] or not seg.known[n - 1]:
        return False
    if seg.toks[n - 1].key in lx.GENERIC_MODIFIERS:
        return False
    follows = n + 1 < len(seg.toks) and seg.joined(n) and not seg.stop[n + 1]
    return not (follows and not seg.known[n + 1] and not _closed(seg, n + 1))


def _unit_at(seg: _Segment, n: int) -> Unit | None:
    """The unit grown from the new word at ``n``, or ``None`` when it holds no fact."""
    if seg.date[n]:
        first, last = _date_chunk(seg, n)
        if seg.toks[n].key.isdigit() and first == last == n:
            return _number_unit(seg, n)
        return Unit(_with_preposition(seg, first), last, "date")
    if seg.name[n]:
        first, last = _name_chunk(seg, n)
        if seg.known[last]:
            return None  # a longer or partial form of a name the partners give
        while (
            first > 0 and seg.joined(first - 1) and seg.toks[first - 1].key in lx.GENERIC_MODIFIERS
        ):
            first -= 1
        return Unit(_with_preposition(seg, first), last, "name")
    if _closed(seg, n):
        return None
    if seg.is_verb(n):
        return Unit(n, n, "commitment") if _verb_is_fact(seg, n) else None
    if _rewording(seg, n):
        return None
    first, last = _noun_phrase(seg, n)
    return Unit(first, last, "phrase")


def _number_unit(seg: _Segment, n: int) -> Unit | None:
    """A number with the noun it counts ("75 years", "three-day visit")."""
    if not seg.joined(n):
        return Unit(n, n, "number")
    head = seg.toks[n + 1].key
    if head in lx.PARTY_NOUNS:
        return None  # "the two sides": the parties, not a count
    if _ORDINAL.fullmatch(seg.toks[n].text) and seg.known[n + 1]:
        return Unit(n, n, "number")  # "86th Oscars" for "81st Oscars": the rank is the fact
    last = n + 1
    while seg.joined(last) and not seg.stop[last + 1] and not seg.is_verb(last + 1):
        last += 1
    word = seg.toks[n].text
    if n > 0 and word.isalpha() and word[:1].isupper() and seg.name[n + 1]:
        return Unit(n, last, "phrase")  # "One China policy": a number word opening a name
    return Unit(n, last, "number")


def _with_preposition(seg: _Segment, first: int) -> int:
    """Start a place or date at its preposition ("in Balochistan", "on 4 January")."""
    if first > 0 and seg.joined(first - 1) and seg.toks[first - 1].key in lx.LOCATIVES:
        return first - 1
    return first


def novel_units(
    toks: Sequence[Token],
    text: str,
    known: Callable[[int], bool],
    names: set[str],
    governed: Container[str] = frozenset(),
    cited: Callable[[int], bool] | None = None,
) -> list[Unit]:
    """Units of one segment that hold a word ``known`` rejects, merged into lists.

    ``toks`` are the segment's tokens (offsets into ``text``); ``known(n)`` says whether the
    other sources carry token ``n``; ``names`` are the keys written as proper nouns in the
    dossier; ``governed`` the keys of the objects of the partners' verbs; ``cited(n)`` whether
    the aligned sentences themselves carry token ``n`` (``known`` when not given), which decides
    whether an attribution is new.
    """
    seg = _Segment(toks, text, known, names, governed)
    units: list[Unit] = []
    for n in range(len(toks)):
        if seg.known[n] or seg.stop[n] or (units and n <= units[-1].last):
            continue
        unit = _unit_at(seg, n)
        if unit is None:
            continue
        if units and unit.first <= units[-1].last:
            unit = Unit(units[-1].last + 1, unit.last, unit.kind)
        units.append(unit)
    return _with_attribution(seg, _merge_lists(seg, units), cited or known)


def _with_attribution(seg: _Segment, units: list[Unit], cited: Callable[[int], bool]) -> list[Unit]:
    """Add the speaker and verb of an attribution the partners do not give ("her agent Mark
    Roesler said", "according to People Magazine"): citing a source that the aligned sentences
    do not cite is a fact, while a reporting verb after a speaker they cite, or alone, is none.
    ``cited(n)`` says whether the aligned sentences themselves carry token ``n``."""
    out = list(units)
    for n, tok in enumerate(seg.toks):
        if tok.text not in lx.REPORTING_VERBS:
            continue
        speaker = _speaker_before(seg, n) or _speaker_after(seg, n)
        if speaker is None or any(cited(m) for m in range(speaker[0], speaker[1] + 1)):
            continue
        first, last = min(speaker[0], n), max(speaker[1], n)
        if any(
            u.first <= last and first <= u.last and not (first <= u.first and u.last <= last)
            for u in out
            if u.kind != "attribution"
        ):
            continue  # the speaker is part of a longer unit, which tells the fact already
        out = [u for u in out if not (first <= u.first and u.last <= last)]
        out.append(Unit(first, last, "attribution"))
    return sorted(out, key=lambda u: u.first)


def _speaker_run(seg: _Segment, first: int, last: int) -> tuple[int, int] | None:
    """Tokens first..last when they are one noun phrase with a content word that is no
    reference to the parties or an anonymous source."""
    if first > last or not all(seg.joined(m) for m in range(first, last)):
        return None
    if any(seg.is_verb(m) for m in range(first, last + 1)):
        return None
    head = seg.toks[last]
    if seg.stop[last] or _closed(seg, last) or seg.date[last] or head.key in lx.NOT_SPEAKERS:
        return None
    if head.text.endswith("ly") or head.key in lx.SUBJECT_PRONOUNS:
        return None
    return first, last


def _speaker_before(seg: _Segment, verb: int) -> tuple[int, int] | None:
    """The noun phrase just before a reporting verb (past auxiliaries), in its clause."""
    last = verb - 1
    while last >= 0 and seg.toks[last].key in lx.AUXILIARIES and seg.joined(last):
        last -= 1
    if last < 0 or not seg.joined(last):
        return None
    first = last
    while first > 0 and seg.joined(first - 1) and not seg.stop[first - 1] and first > last - 5:
        first -= 1
    return _speaker_run(seg, first, last)


def _speaker_after(seg: _Segment, verb: int) -> tuple[int, int] | None:
    """The speaker of an inverted attribution (", said reports", "according to People")."""
    first = verb + 2 if seg.toks[verb].key == "according" else verb + 1
    if first >= len(seg.toks) or not all(seg.joined(m) for m in range(verb, first)):
        return None
    if seg.toks[verb].key != "according" and verb > 0 and seg.joined(verb - 1):
        return None  # "X said Y" reads as the speaker before the verb
    last = first
    while seg.joined(last) and not seg.stop[last + 1] and last < first + 4:
        last += 1
    return _speaker_run(seg, first, last)


def _merge_lists(seg: _Segment, units: list[Unit]) -> list[Unit]:
    """Join units separated only by list punctuation or a verb and its object."""
    out: list[Unit] = []
    for unit in units:
        if out:
            prev = out[-1]
            gap = seg.text[seg.toks[prev.last].end : seg.toks[unit.first].start]
            between = range(prev.last + 1, unit.first)
            only_function = all(seg.stop[m] for m in between) and len(between) <= 3
            if prev.kind == "commitment" and only_function and _JOIN_WORDS.match(gap):
                out[-1] = Unit(prev.first, unit.last, "commitment")
                continue
            if only_function and _LIST_GAP.match(gap) and unit.kind != "commitment":
                kind = "list" if prev.kind != "name" or unit.kind != "name" else "name"
                out[-1] = Unit(prev.first, unit.last, kind)
                continue
        out.append(unit)
    return out


_JOIN_WORDS = re.compile(r"^[\w\s'\u2019]*$")
