"""Details of one segment that conflicts are made of: dates, numbers and ordinals.

Rule-based and deterministic (stdlib only, plus :mod:`app.engine.diffs` and
:mod:`app.engine.normalize`); split from :mod:`app.engine.conflicts`, which pairs the details
of two aligned segments.

Invariants: a :class:`Detail` covers tokens ``[i, j)`` of its :class:`Side` (``Side.span``
gives offsets that are ``str`` indices into the original text, ``span.text == text[start:end]``);
:func:`dates` and :func:`scan` never return two details sharing a token.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.engine.diffs import Token
from app.engine.model import ConflictKind, Span
from app.engine.normalize import fold, fold_word, is_stopword, match_key


def words(text: str) -> list[str]:
    """The whitespace-separated words of ``text``."""
    return text.split()


def _numbered(text: str, first: int = 1, step: int = 1) -> dict[str, int]:
    """{"a": first, "b": first + step, …} for the words of ``text``."""
    return {w: first + n * step for n, w in enumerate(words(text))}


MONTHS = {m: n for n, ms in enumerate(words("january|jan february|feb march|mar april|apr may "
    "june|jun july|jul august|aug september|sep|sept october|oct november|nov december|dec"), 1)
    for m in ms.split("|")}  # fmt: skip
WEEKDAYS = _numbered("monday tuesday wednesday thursday friday saturday sunday")
_MONTH_PREPS = frozenset(
    words("in since until till by during from of early mid late last next this")
)
_RANGE_WORDS = frozenset(words("to until till through"))
_UNITS = _numbered("zero one two three four five six seven eight nine ten eleven twelve "
                   "thirteen fourteen fifteen sixteen seventeen eighteen nineteen", 0)  # fmt: skip
_TENS = _numbered("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10)
_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ORDINALS = _numbered("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth") | (
    _numbered("twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth",
              20, 10)) | {"hundredth": 100}  # fmt: skip
_LABELS = frozenset(words("phase round stage part article chapter section session edition tier"))
_ROMAN_LETTERS = {"I": "1", "V": "5", "X": "10"}  # only after a label: "Phase I"
_CURRENCY = frozenset(words("$ € £ ¥ rs usd eur gbp rmb yuan"))
_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_ORDINAL_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th)")


_HEDGES = frozenset(words("about around approximately nearly almost some roughly over more less "
                       "fewer under least estimated"))  # fmt: skip
_REPORTING = frozenset(words("reported said says told announced published updated posted stated"))
_GENERIC_HEADS = frozenset({"time"})


@dataclass(frozen=True, slots=True)
class Side:
    """One segment: its text, word tokens (offsets into ``text``) and folded words."""

    text: str
    source: int
    toks: tuple[Token, ...]
    low: tuple[str, ...]
    gaps: tuple[str, ...] = ()

    @classmethod
    def of(cls, text: str, source: int, toks: tuple[Token, ...]) -> Side:
        """A side with its folded words and the folded, stripped gaps before each token."""
        low = tuple(fold_word(t.text) for t in toks)
        gaps = ("",) + tuple(
            fold_word(text[toks[k - 1].end : toks[k].start]).strip() for k in range(1, len(toks))
        )
        return cls(text, source, toks, low, gaps)

    def word(self, i: int) -> str:
        return self.low[i] if 0 <= i < len(self.low) else ""

    def cap(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i].text[:1].isupper()

    def gap(self, i: int) -> str:
        """The folded text between token ``i - 1`` and token ``i`` ("" at the edges)."""
        if not 0 < i < len(self.toks):
            return ""
        if self.gaps:
            return self.gaps[i]
        return fold(self.text[self.toks[i - 1].end : self.toks[i].start]).strip()

    def content(self, i: int) -> bool:
        w = self.word(i)
        return w.replace("'", "").isalpha() and not is_stopword(w)

    def span(self, i: int, j: int) -> Span:
        start, end = self.toks[i].start, self.toks[j - 1].end
        return Span(self.source, start, end, self.text[start:end])


@dataclass(frozen=True, slots=True)
class Detail:
    """A detail at tokens [i, j): dates (year, lo, hi, weekday), others (lo, hi) values.

    Two details can be paired only when their ``slot`` sets intersect (date role, number
    unit, the nouns after an ordinal).
    """

    kind: ConflictKind
    i: int
    j: int
    value: tuple[float | None, ...]
    slot: frozenset[str]
    note: str = ""
    tolerance: float = 0.0


# --- dates ------------------------------------------------------------------------------


def _day(s: Side, i: int) -> int | None:
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", s.word(i))
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 31 else None


def _month(s: Side, i: int) -> int | None:
    return MONTHS.get(s.word(i)) if s.cap(i) else None


def _year(s: Side, i: int) -> int | None:
    w = s.word(i)
    return int(w) if len(w) == 4 and w.isdigit() and 1800 <= int(w) <= 2199 else None


def _range_next(s: Side, k: int, start: int) -> int | None:
    """Index of the token after a range connector at ``k`` ("-", "to", "between … and")."""
    if 0 < k < len(s.toks) and s.gap(k) == "-":
        return k
    if s.word(k) in _RANGE_WORDS or (s.word(k) == "and" and s.word(start - 1) == "between"):
        return k + 1
    return None


def _role(s: Side, i: int) -> frozenset[str]:
    """ "report" for a date right after a reporting verb ("said on 5 May"), else "event"."""
    return frozenset({"report" if _REPORTING.intersection(s.low[max(0, i - 3) : i]) else "event"})


def _date(s: Side, i: int, lo: int, hi: int, j: int) -> Detail:
    year = _year(s, j)
    return Detail("date", i, j + (year is not None), (year, lo, hi, None), _role(s, i))


def _calendar(s: Side, i: int) -> Detail | None:
    """ "4 January", "3-5 January 2025", "January 3 to 5", "January 2025", "in January"."""
    day = _day(s, i)
    if day is not None:
        c = _range_next(s, i + 1, i)
        last = _day(s, c) if c is not None and _month(s, c + 1) else None
        k = i + 1 if last is None or c is None else c + 1
        month = _month(s, k)
        return _date(s, i, month * 32 + day, month * 32 + (last or day), k + 1) if month else None
    month = _month(s, i)
    if month is None:
        return None
    day = _day(s, i + 1)
    if day is not None:
        c = _range_next(s, i + 2, i)
        last = _day(s, c) if c is not None else None
        end = c + 1 if c is not None and last is not None else i + 2
        return _date(s, i, month * 32 + day, month * 32 + (last or day), end)
    if _year(s, i + 1) is not None or s.word(i - 1) in _MONTH_PREPS:
        return _date(s, i, month * 32 + 1, month * 32 + 31, i + 1)
    return None


def _other_date(s: Side, i: int) -> Detail | None:
    """A weekday, or a bare year that is not a quantity ("in 2026", not "2000 troops")."""
    if s.cap(i) and s.word(i) in WEEKDAYS:
        return Detail("date", i, i + 1, (None, None, None, WEEKDAYS[s.word(i)]), _role(s, i))
    year = _year(s, i)
    if year is None or s.word(i - 1) in _CURRENCY or (s.content(i + 1) and not s.cap(i + 1)):
        return None
    if s.gap(i + 1) == "-" and s.word(i + 1).isdigit():  # "1999-2003", "2002-03": never compared
        return Detail("date", i, i + 2, (None, None, None, None), frozenset())
    return Detail("date", i, i + 1, (year, None, None, None), _role(s, i))


def _merge_ranges(dates: list[Detail], s: Side) -> list[Detail]:
    """Join "January 3 to January 5" (two dates and a connector) into one range."""
    out: list[Detail] = []
    for d in dates:
        prev = out[-1] if out else None
        joined = prev and None not in (prev.value[1], d.value[1])
        if prev and joined and _range_next(s, prev.j, prev.i) == d.i:
            year = prev.value[0] if prev.value[0] is not None else d.value[0]
            out[-1] = Detail(
                "date", prev.i, d.j, (year, prev.value[1], d.value[2], None), prev.slot
            )
        else:
            out.append(d)
    return out


def may_start_date(s: Side, i: int) -> bool:
    w = s.word(i)
    return w[:1].isdigit() or w in MONTHS or w in WEEKDAYS


def _numeric_date(s: Side, i: int) -> Detail | None:
    """ "2026-01-04" (year first) or "4/1/2026" (day and month in either order, so a date
    whose reading is ambiguous spans both readings and conflicts only with neither)."""
    if i + 2 >= len(s.toks):
        return None
    parts = [s.word(i), s.word(i + 1), s.word(i + 2)]
    gaps = {s.gap(i + 1), s.gap(i + 2)}
    if (
        not all(p.isascii() and p.isdigit() for p in parts)
        or len(gaps) != 1
        or gaps.pop() not in ("-", "/", ".")
    ):
        return None
    first, second, third = (int(p) for p in parts)
    if len(parts[0]) == 4 and 1 <= second <= 12 and 1 <= third <= 31:
        year, readings = first, [(second, third)]
    elif len(parts[2]) == 4 and max(first, second) <= 31 and min(first, second) >= 1:
        year = third
        readings = [(m, d) for m, d in ((second, first), (first, second)) if m <= 12]
    else:
        return None
    if not readings or not 1800 <= year <= 2199:
        return None
    keys = [m * 32 + d for m, d in readings]
    return Detail("date", i, i + 3, (year, min(keys), max(keys), None), _role(s, i))


def _with_weekdays(found: list[Detail], s: Side) -> list[Detail]:
    """ "Sunday, 4 January": a weekday just before a calendar date is part of it."""
    out: list[Detail] = []
    for d in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.value[3] is not None
            and prev.value[1] is None
            and d.value[1] is not None
            and prev.j == d.i
            and s.gap(d.i) in ("", ",")
        ):
            out[-1] = Detail("date", prev.i, d.j, (*d.value[:3], prev.value[3]), d.slot)
        else:
            out.append(d)
    return out


def dates(s: Side) -> list[Detail]:
    """Dates and intervals in every common form: "4 January", "January 4", "Jan. 4",
    "4/1/2026", "2026-01-04", with or without a weekday and a year, and ranges of them."""
    found: list[Detail] = []
    i = 0
    while i < len(s.toks):
        d = None
        if may_start_date(s, i):
            d = _numeric_date(s, i) or _calendar(s, i) or _other_date(s, i)
        if d:
            found.append(d)
        i = d.j if d else i + 1
    return _with_weekdays(_merge_ranges(found, s), s)


_PUBLISHED = frozenset({"updated", "published", "posted", "modified"})


def times(s: Side) -> list[Detail]:
    """Clock times kept whole ("12:50 PM", "14:05", "9 a.m."), as minutes after midnight."""
    found: list[Detail] = []
    for i in range(len(s.toks)):
        hour = s.word(i)
        if not (hour.isascii() and hour.isdigit()) or int(hour) > 24 or (found and i < found[-1].j):
            continue
        if _PUBLISHED.intersection(s.low[max(0, i - 2) : i]):
            continue  # "Updated 20:09 IST": when the page was edited, not what it reports
        j, minute = i + 1, 0
        after = s.word(i + 1)
        if s.gap(i + 1) in (":", ".") and after.isascii() and after.isdigit() and len(after) == 2:
            j, minute = i + 2, int(s.word(i + 1))
        marker = s.word(j).replace(".", "")
        if marker in ("am", "pm"):
            h = int(hour) % 12 + (12 if marker == "pm" else 0)
            j += 1
        elif j == i + 2 and s.gap(i + 1) == ":":
            h = int(hour)
        else:
            continue
        value = float(h * 60 + minute)
        found.append(Detail("time", i, j, (value, value), frozenset({"time"})))
    return found


# --- ordinals and numbers ---------------------------------------------------------------


def _head(s: Side, j: int) -> tuple[str | None, int]:
    """Key of the last word of the noun phrase at ``j`` ("Strategic Dialogue" → dialog); the
    phrase may hold a possessive ("Foreign Ministers' Strategic Dialogue")."""
    k = j
    while k < min(j + 6, len(s.toks)) and s.content(k) and (k == j or s.gap(k) in ("", "-", "'")):
        k += 1
    return (match_key(s.toks[k - 1].text) if k > j else None), k


def _heads(s: Side, j: int) -> frozenset[str]:
    """What an ordinal counts: the head of the next noun phrase, and of an "of (the) …" one
    after it ("sixth round of the Dialogue" → {round, dialog}); generic "time" is not one."""
    head, k = _head(s, j)
    if s.word(k) == "of":
        k += 1 + (s.word(k + 1) in ("the", "a", "an", "this", "its", "their"))
        heads = {head, _head(s, k)[0]} if head else set()
    else:
        heads = {head}
    return frozenset(h for h in heads if h and h not in _GENERIC_HEADS)


def ordinal_at(s: Side, i: int) -> Detail | None:
    """ "seventh round", "7th round", "twenty-first century", "Phase-II", "Round 3"."""
    w, j = s.word(i), i + 1
    m = _ORDINAL_DIGITS.fullmatch(w)
    value = int(m.group(1)) if m else _ORDINALS.get(w)
    if w in _TENS and s.gap(i + 1) == "-" and s.word(i + 1) in _ORDINALS:
        value, j = _TENS[w] + _ORDINALS[s.word(i + 1)], i + 2
    if value is not None:
        return Detail("ordinal", i, j, (value, value), _heads(s, j))
    if w in _LABELS and i + 1 < len(s.toks):
        text = s.toks[i + 1].text
        key = _ROMAN_LETTERS.get(text) or match_key(text)
        if key.isdigit():
            label = frozenset({w})
            return Detail("ordinal", i + 1, i + 2, (int(key), int(key)), label, s.toks[i].text)
    return None


def _cardinal(s: Side, i: int) -> tuple[float, int, float] | None:
    """(value, index after it, scale) of a numeral or number words at ``i``."""
    w = s.word(i)
    if _DIGITS.fullmatch(w):
        scale = _SCALES.get(s.word(i + 1), 1.0) if s.word(i + 1) != "hundred" else 1.0
        return float(w.replace(",", "")) * scale, i + 1 + (scale != 1.0), scale
    total, current, j = 0.0, 0.0, i
    while s.word(j) in _UNITS or s.word(j) in _TENS or (j > i and s.word(j) in _SCALES):
        word = s.word(j)
        if word == "hundred":
            current *= 100
        elif word in _SCALES:
            total, current = total + current * _SCALES[word], 0.0
        else:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
        j += 1
    return (total + current, j, 1.0) if j > i else None


def _not_a_quantity(s: Side, i: int) -> bool:
    """Times ("10:30"), model numbers ("AK-47", "F 16") and parts of other numbers."""
    prev = s.toks[i - 1].text if i > 0 else ""
    code = prev.isalpha() and prev.isupper() and (s.gap(i) == "-" or len(prev) <= 3)
    return code or ":" in (s.gap(i), s.gap(i + 1)) or s.gap(i) in (".", ",")


def _unit(s: Side, i: int, j: int) -> tuple[str, str] | None:
    """(key, display) of what a number at [i, j) counts: currency, percent or the next noun."""
    if s.word(i - 1) in _CURRENCY:
        return s.word(i - 1), s.toks[i - 1].text
    if s.word(j) in ("%", "percent") or (s.word(j), s.word(j + 1)) == ("per", "cent"):
        return "percent", "percent"
    if s.content(j) and s.word(j) not in MONTHS:
        return match_key(s.toks[j].text), s.toks[j].text
    return None


def number_at(s: Side, i: int) -> Detail | None:
    """A number and what it counts: "75 years", "three-day", "$5 billion", "$140-150 million",
    "5%"; a number without a unit (empty slot) is only used to match the other side's."""
    first = _cardinal(s, i)
    if first is None or _not_a_quantity(s, i):
        return None
    lo, j, scale = first
    hi = lo
    c = _range_next(s, j, i)
    c = c + (s.word(c) in _CURRENCY) if c is not None else None
    second = _cardinal(s, c) if c is not None else None
    if second is not None:
        hi, j = second[0], second[1]
        lo *= second[2] if scale == 1.0 else 1.0
    lo, hi = min(lo, hi), max(lo, hi)
    unit = _unit(s, i, j) or ("", "")
    hedged = bool(_HEDGES.intersection(s.low[max(0, i - 2) : i]))
    slot = frozenset({unit[0]} - {""})
    return Detail("number", i, j, (lo, hi), slot, unit[1], 0.1 * hedged)


def may_start_quantity(word: str) -> bool:
    """True for a folded word that can open a number or an ordinal (a cheap pre-filter)."""
    return (
        word[:1].isdigit()
        or word in _UNITS
        or word in _TENS
        or word in _ORDINALS
        or word in _LABELS
    )


def scan(s: Side, at: Callable[[Side, int], Detail | None], used: set[int]) -> list[Detail]:
    """Details found by ``at`` left to right, skipping ``used`` tokens (which it extends).

    Only tokens passing :func:`may_start_quantity` are tried: ``at`` is one of
    :func:`number_at` and :func:`ordinal_at`, which find nothing elsewhere.
    """
    found: list[Detail] = []
    after = 0
    for i, word in enumerate(s.low):
        if i < after or i in used or not may_start_quantity(word):
            continue
        d = at(s, i)
        if d and not used.intersection(range(d.i, d.j)):
            found.append(d)
            used.update(range(d.i, d.j))
            after = d.j
    return found


# --- modality ---------------------------------------------------------------------------
