"""Event identity: which sources of a dossier report another event than the majority.

Reports of one kind of event (the sixth and the seventh round of one dialogue, two fires in
one city) share names and topic words, so sentence similarity alone links them claim by
claim. Each source gets an *event signature* — the ordinal of the meeting it reports ("the
seventh round"), the calendar dates it gives, the place it puts the event in — and a source
whose signature disagrees with most of the other sources on at least two of those parts is
reported as a different event and is not aligned with them.

Month and weekday names are those of :mod:`app.engine.details` (the conflict finder's).

Invariants: a signature is read from the text only (no outlet or phrase lists); a source is
flagged only against a majority (at least two other sources agree with each other where it
disagrees), so with two sources nothing is ever flagged; the result does not depend on the
order of the sources.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.engine.details import MONTHS as _MONTHS
from app.engine.details import WEEKDAYS

_ORDINAL_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_ORDINAL_VALUE = {w: n for n, w in enumerate(_ORDINAL_WORDS, 1)}
_EVENT_NOUNS = (
    r"round|dialogue|meeting|session|summit|talks|conference|consultations?|edition|plenary|"
    r"congress|forum|assembly|council|commission|review|negotiations?"
)


# Each word list below opens with a lookahead on its first letters: the regex engine tries every
# alternative at every word boundary, and the lookahead turns most words away at once.
def _first_letters(words: Sequence[str]) -> str:
    return "".join(sorted({w[0].lower() for w in words}))


# An ordinal that counts meetings: "seventh round", "7th Pakistan-China Strategic Dialogue".
_EVENT_ORDINAL = re.compile(
    r"\b(?=[\d"
    + _first_letters(_ORDINAL_WORDS)
    + r"])("
    + "|".join(_ORDINAL_WORDS)
    + r"|\d{1,3}(?:st|nd|rd|th))\b"
    r"((?:[\s\u2013\u2014-]+[\w'\u2019]+){0,5}?)[\s\u2013\u2014-]+(?:" + _EVENT_NOUNS + r")\b",
    re.IGNORECASE,
)
_MONTH = (
    r"(?=["
    + _first_letters(list(_MONTHS))
    + r"])("
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\.?"
)
_YEAR = r"(?:,?\s+((?:19|20)\d\d))?"
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b" + _YEAR, re.IGNORECASE
)
_MONTH_DAY = re.compile(
    r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?![:.]\d)" + _YEAR, re.IGNORECASE
)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_PLACE = re.compile(r"\bin\s+((?:[A-Z][a-z\u00e0-\u00ff'\u2019]+)(?:\s+[A-Z][a-z\u00e0-\u00ff]+)?)")
DATE_TOLERANCE_DAYS = 7
MAJORITY_COHESION = 0.6
# Place words that are calendar words, not places ("in January", "in Monday's talks").
_NOT_PLACES = frozenset(_MONTHS) | frozenset(WEEKDAYS)


@dataclass(frozen=True, slots=True)
class CalendarDate:
    """A day of the calendar as a text gives it; ``year`` is ``None`` when the text omits it."""

    year: int | None
    month: int
    day: int


@dataclass(frozen=True, slots=True)
class EventSignature:
    """What one source says about which event it reports (any part may be missing)."""

    ordinal: int | None
    dates: tuple[CalendarDate, ...]
    place: str | None


@dataclass(frozen=True, slots=True)
class EventWarning:
    """A source that reports another event than the dossier's majority, with a reason."""

    source: int
    reason: str


SIGNATURE_CHARS = 20_000


def _ordinal_value(word: str) -> int:
    low = word.lower()
    return _ORDINAL_VALUE.get(low) or int(re.sub(r"\D", "", low))


def _dates(text: str) -> tuple[CalendarDate, ...]:
    found: list[CalendarDate] = []
    low = _lowered(text)
    for m in _folded(_DAY_MONTH, low is not None).finditer(low or text):
        year = int(m.group(3)) if m.group(3) else None
        if text[m.start(2) : m.end(2)] in ("may", "mar"):
            continue
        found.append(CalendarDate(year, _MONTHS[m.group(2).lower()], int(m.group(1))))
    for m in _folded(_MONTH_DAY, low is not None).finditer(low or text):
        if text[m.start(1) : m.end(1)] in ("may", "mar"):
            continue  # the modal verb, the verb "mar"; "May 4" is capitalised
        year = int(m.group(3)) if m.group(3) else None
        found.append(CalendarDate(year, _MONTHS[m.group(1).lower()], int(m.group(2))))
    for m in _ISO.finditer(text):
        found.append(CalendarDate(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    return tuple(d for d in found if 1 <= d.day <= 31 and 1 <= d.month <= 12)


def _lowered(text: str) -> str | None:
    """``text`` in lower case when that keeps every offset (else ``None``): matching word
    lists case-sensitively on it is several times faster than ``re.IGNORECASE``."""
    low = text.lower()
    return low if len(low) == len(text) else None


def _folded(pattern: re.Pattern[str], lowered: bool) -> re.Pattern[str]:
    """``pattern`` without ``re.IGNORECASE``, for lowered text (compiled once)."""
    if not lowered:
        return pattern
    if pattern not in _CASE_SENSITIVE:
        _CASE_SENSITIVE[pattern] = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
    return _CASE_SENSITIVE[pattern]


_CASE_SENSITIVE: dict[re.Pattern[str], re.Pattern[str]] = {}


def _place(text: str) -> str | None:
    """The place the text most often puts something "in" (first such place on a tie)."""
    places = [m.group(1) for m in _PLACE.finditer(text)]
    places = [p for p in places if p.split()[0].lower() not in _NOT_PLACES]
    if not places:
        return None
    counts = Counter(places)
    top = max(counts.values())
    return next(p for p in places if counts[p] == top)


def signature(text: str) -> EventSignature:
    """The event signature of one source text: first meeting ordinal, dates, main place.

    Read from the first ``SIGNATURE_CHARS`` characters: a report names its event in its
    opening paragraphs, and a paste of a whole archive must not cost a scan (and a comparison
    of every date with every other source's) per megabyte. Each date is kept once.
    """
    head = text[:SIGNATURE_CHARS]
    low = _lowered(head)
    ordinal = _folded(_EVENT_ORDINAL, low is not None).search(low or head)
    return EventSignature(
        _ordinal_value(ordinal.group(1)) if ordinal else None,
        tuple(dict.fromkeys(_dates(head))),
        _place(head),
    )


def _day_number(d: CalendarDate, year: int) -> int:
    try:
        return date(d.year or year, d.month, d.day).toordinal()
    except ValueError:  # 31 February and the like
        return date(d.year or year, d.month, 28).toordinal()


def dates_compatible(a: Sequence[CalendarDate], b: Sequence[CalendarDate]) -> bool:
    """True when some date of ``a`` lies within ``DATE_TOLERANCE_DAYS`` of some date of ``b``.

    A date without a year is compared in the other date's year (a report of 4 January and
    one of "January 3 to January 5, 2026" agree).
    """
    for x in a:
        for y in b:
            if x.year and y.year and x.year != y.year:
                continue
            year = x.year or y.year or 2000
            if abs(_day_number(x, year) - _day_number(y, year)) <= DATE_TOLERANCE_DAYS:
                return True
    return False


def _parts(sig: EventSignature) -> dict[str, object]:
    parts: dict[str, object] = {}
    if sig.ordinal is not None:
        parts["ordinal"] = sig.ordinal
    if sig.dates:
        parts["dates"] = sig.dates
    if sig.place is not None:
        parts["place"] = sig.place
    return parts


def _agree(part: str, x: object, y: object) -> bool:
    if part == "dates":
        return dates_compatible(x, y)  # type: ignore[arg-type]
    return x == y


def _describe(sig: EventSignature) -> str:
    bits = []
    if sig.ordinal is not None:
        bits.append(f"{_ORDINAL_WORDS[sig.ordinal - 1] if sig.ordinal <= 20 else sig.ordinal}")
    if sig.dates:
        d = sig.dates[0]
        month = date(2000, d.month, 1).strftime("%B")
        bits.append(f"{d.day} {month}" + (f" {d.year}" if d.year else ""))
    if sig.place:
        bits.append(sig.place)
    return ", ".join(bits) or "no ordinal, date or place"


def _conflicting_parts(n: int, parts: Sequence[dict[str, object]]) -> list[str]:
    """Parts of source ``n``'s signature that disagree with a majority of the other sources.

    A majority is more than half of the other sources that give that part, and at least two of
    them, so that a single dissenting source cannot flag its partner.
    """
    out = []
    for part, mine in parts[n].items():
        others = [p[part] for k, p in enumerate(parts) if k != n and part in p]
        against = sum(not _agree(part, mine, theirs) for theirs in others)
        majority_against = len(others) >= 2 and against >= 2 and against * 2 > len(others)
        if majority_against and _cohesion(part, others) >= MAJORITY_COHESION:
            out.append(part)
    return out


def _cohesion(part: str, values: Sequence[object]) -> float:
    """The share of pairs of ``values`` that agree: a majority must agree with itself."""
    pairs = [(x, y) for k, x in enumerate(values) for y in values[k + 1 :]]
    return sum(_agree(part, x, y) for x, y in pairs) / len(pairs)


def different_events(signatures: Sequence[EventSignature]) -> tuple[EventWarning, ...]:
    """Sources whose signature disagrees with the majority on two or more parts.

    The reason names the source's event and the majority's ("sixth, 21 August, Islamabad vs
    seventh, 4 January, Beijing").
    """
    parts = [_parts(sig) for sig in signatures]
    flagged = [n for n in range(len(parts)) if len(_conflicting_parts(n, parts)) >= 2]
    keep = [n for n in range(len(parts)) if n not in flagged]
    warnings = []
    for n in flagged:
        majority = _majority_signature([signatures[k] for k in keep])
        reason = (
            f"reports another event: {_describe(signatures[n])} vs {_describe(majority)} "
            f"in most sources"
        )
        warnings.append(EventWarning(n, reason))
    return tuple(warnings)


def _majority_signature(sigs: Sequence[EventSignature]) -> EventSignature:
    ordinals = Counter(s.ordinal for s in sigs if s.ordinal is not None)
    places = Counter(s.place for s in sigs if s.place is not None)
    dates = Counter(d for s in sigs for d in s.dates[:1])
    return EventSignature(
        ordinals.most_common(1)[0][0] if ordinals else None,
        (dates.most_common(1)[0][0],) if dates else (),
        places.most_common(1)[0][0] if places else None,
    )
