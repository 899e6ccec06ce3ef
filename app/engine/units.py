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

from app.engine import lexicon as lx
from app.engine.attribution import with_attribution
from app.engine.normalize import Token
from app.engine.unit_segment import DATE_KEYS, Segment, Unit, closed

_DATE_GAP = re.compile(r"^[ \t]*[,/.:\u2013-]?[ \t]*$")
_LIST_GAP = re.compile(r"^(?:[\s,]*(?:and|or|as well as|such as)?[\s,]*)$", re.IGNORECASE)
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
_WHEN_WORDS = DATE_KEYS | lx.RELATIVE_DAYS

__all__ = ["Unit", "governed_objects", "novel_units"]


def _name_chunk(seg: Segment, n: int) -> tuple[int, int]:
    first = last = n
    while first > 0 and seg.name[first - 1] and seg.joined(first - 1):
        first -= 1
    while seg.joined(last) and seg.name[last + 1]:
        last += 1
    return first, last


def _is_known_name(seg: Segment, n: int) -> bool:
    """A whole noun phrase that is a name the partners give ("Gwadar Port", not "Chinese
    government", where the name only modifies)."""
    last = _name_chunk(seg, n)[1]
    head_follows = last + 1 < len(seg.toks) and seg.joined(last) and not seg.stop[last + 1]
    return seg.known[last] and not head_follows


def _date_chunk(seg: Segment, n: int) -> tuple[int, int]:
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


def _names_a_time(seg: Segment, first: int, last: int) -> bool:
    """A month, weekday or clock word, or date punctuation ("4/1/2026", "12:50"), in a run of
    numbers: "$184 million" is an amount, not a date."""
    keys = {seg.toks[m].key for m in range(first, last + 1)}
    if keys & DATE_KEYS or keys & lx.TIME_WORDS:
        return True
    return any(mark in seg.gap(m) for m in range(first, last) for mark in "/:.-")


def _noun_phrase(seg: Segment, n: int) -> tuple[int, int]:
    """Modifiers, head and "of" complement around a new content word."""
    first = last = n
    while (
        first > 0
        and seg.joined(first - 1)
        and not seg.stop[first - 1]
        and not seg.is_verb(first - 1)
        and (
            seg.toks[first - 1].key in lx.GENERIC_MODIFIERS
            or not (seg.known[first - 1] or closed(seg, first - 1))
        )
    ):
        first -= 1
    while (
        seg.joined(last)
        and not seg.stop[last + 1]
        and not seg.is_verb(last + 1)
        and seg.toks[last + 1].key not in DATE_KEYS  # "late Thursday" is a date
    ):
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


def _object_of(seg: Segment, n: int) -> int | None:
    """The first content word after the verb at ``n`` in its clause (past determiners); none
    when a day comes first ("voted Sunday"), which says when, not what."""
    m = n + 1
    while m < len(seg.toks) and seg.joined(m - 1) and seg.stop[m] and m - n <= 3:
        m += 1
    if m >= len(seg.toks) or not seg.joined(m - 1) or seg.stop[m]:
        return None
    if seg.toks[m].key in _WHEN_WORDS:
        return None
    while m + 1 < len(seg.toks) and closed(seg, m) and seg.joined(m) and not seg.stop[m + 1]:
        m += 1  # "a zero-tolerance policy": past grading words to the noun
    return m


def _verb_is_fact(seg: Segment, n: int) -> bool:
    """A verb is a fact unless it frames its object (``lexicon.FRAME_VERBS``: "commended",
    "reviewed"), only governs another verb as a catenative verb does ("pledged to enhance"), is
    a light verb without a new object, or its object is one a partner's verb governs (the same
    predicate in other words: "adopt a zero-tolerance policy" for "reiterated a ...")."""
    if seg.toks[n].key in lx.FRAME_VERBS:
        return False
    obj = _object_of(seg, n)
    if obj is not None and seg.is_verb(obj) and seg.toks[n].key in lx.CATENATIVE_VERBS:
        return False
    new_object = obj is not None and not seg.known[obj] and not closed(seg, obj)
    if seg.toks[n].key in lx.LIGHT_VERBS and not new_object:
        return False
    return new_object or obj is None or seg.toks[obj].key not in seg.governed


def governed_objects(toks: Sequence[Token], text: str, names: set[str]) -> set[str]:
    """Keys of the words that a verb governs in a segment (its objects)."""
    seg = Segment(toks, text, lambda n: False, names)
    out: set[str] = set()
    for n in range(len(toks)):
        if not seg.stop[n] and seg.is_verb(n):
            obj = _object_of(seg, n)
            if obj is not None:
                out.add(toks[obj].key)
    return out


def _rewording(seg: Segment, n: int) -> bool:
    """A new head noun right after a known modifier or number, with nothing new after it:
    the same thing in other words ("Chinese personnel" for "Chinese workers", "75th
    anniversary" for "75 years")."""
    if n == 0 or not seg.joined(n - 1) or seg.stop[n - 1] or not seg.known[n - 1]:
        return False
    if seg.toks[n - 1].key in lx.GENERIC_MODIFIERS or _verb_word(seg, n - 1):
        return False  # a verb's new object is what it does ("receiving signals"), no rewording
    follows = n + 1 < len(seg.toks) and seg.joined(n) and not seg.stop[n + 1]
    return not (follows and not seg.known[n + 1] and not closed(seg, n + 1))


def _verb_word(seg: Segment, n: int) -> bool:
    """A verb standing as a word of its own, not inside a hyphenated compound
    ("people-to-people" places its last word after "to")."""
    in_compound = n > 0 and "-" in seg.gap(n - 1)
    return not in_compound and seg.is_verb(n)


def _unit_at(seg: Segment, n: int) -> Unit | None:
    """The unit grown from the new word at ``n``, or ``None`` when it holds no fact."""
    if seg.date[n]:
        first, last = _date_chunk(seg, n)
        if seg.toks[n].key.isdigit() and first == last == n:
            return _number_unit(seg, n)
        kind = "date" if _names_a_time(seg, first, last) else "number"
        return Unit(_with_preposition(seg, first), last, kind)
    if seg.name[n]:
        first, last = _name_chunk(seg, n)
        if seg.known[last]:
            return None  # a longer or partial form of a name the partners give
        while (
            first > 0 and seg.joined(first - 1) and seg.toks[first - 1].key in lx.GENERIC_MODIFIERS
        ):
            first -= 1
        return Unit(_with_preposition(seg, first), last, "name")
    if closed(seg, n):
        return None
    if seg.is_verb(n):
        return Unit(n, n, "commitment") if _verb_is_fact(seg, n) else None
    if _rewording(seg, n):
        return None
    first, last = _noun_phrase(seg, n)
    verb = _light_verb_before(seg, first)
    if verb is not None:
        return Unit(verb, last, "commitment")
    holder = seg.name[last] and not seg.known[last]  # "radio host Mara Lind": a new name
    return Unit(first, last, "name" if holder else "phrase")


def _light_verb_before(seg: Segment, first: int) -> int | None:
    """The light verb whose object starts at ``first`` ("set the stage", "taking the lead"):
    its meaning is in the object, so the two are one commitment."""
    m = first - 1
    support = lx.SUPPORT_VERBS
    # "have" and "do" are function words too, so the walk back stops at a support verb
    while m >= 0 and seg.joined(m) and seg.stop[m] and seg.toks[m].key not in support:
        if first - m > 3:
            return None
        m -= 1
    if m < 0 or not seg.joined(m) or seg.toks[m].key not in support:
        return None
    return m


def _number_unit(seg: Segment, n: int) -> Unit | None:
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


def _with_preposition(seg: Segment, first: int) -> int:
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
    seg = Segment(toks, text, known, names, governed)
    units: list[Unit] = []
    for n in range(len(toks)):
        if seg.known[n] or seg.stop[n] or (units and n <= units[-1].last):
            continue
        unit = _unit_at(seg, n)
        if unit is None:
            continue
        unit = _whole_words(seg, unit)
        if units and unit.first <= units[-1].last:
            unit = Unit(units[-1].last + 1, unit.last, unit.kind)
        units.append(unit)
    return with_attribution(seg, _merge_lists(seg, units), cited or known)


def _whole_words(seg: Segment, unit: Unit) -> Unit:
    """The unit widened to whole hyphenated words: "all-weather", not "weather"."""
    first, last = unit.first, unit.last
    while first > 0 and seg.hyphenated(first - 1):
        first -= 1
    while seg.hyphenated(last):
        last += 1
    return Unit(first, last, unit.kind)


def _merge_lists(seg: Segment, units: list[Unit]) -> list[Unit]:
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
            if (
                only_function
                and _LIST_GAP.match(gap)
                and unit.kind != "commitment"
                and not _speaks(seg, unit)
            ):
                out[-1] = Unit(prev.first, unit.last, _joined_kind(prev, unit, gap))
                continue
        out.append(unit)
    return out


def _joined_kind(prev: Unit, unit: Unit, gap: str) -> str:
    """Items of a list when a comma or conjunction parts them; one phrase when only a space
    does ("late Thursday", "Boston WCVB sportscaster Mike Lynch"), of the kind of its head."""
    if prev.kind == unit.kind == "name":
        return "name"
    if prev.kind == "list" or "," in gap or gap.strip():
        return "list"
    return unit.kind  # the head comes last: "late Thursday" is a date


def _speaks(seg: Segment, unit: Unit) -> bool:
    """A unit right before a reporting verb: the speaker of an attribution ("…, TMZ
    reported"), not the next item of a list."""
    after = unit.last + 1
    if after >= len(seg.toks) or not seg.joined(unit.last):
        return False
    return seg.toks[after].text in lx.REPORTING_VERBS


_JOIN_WORDS = re.compile(r"^[\w\s'\u2019]*$")
