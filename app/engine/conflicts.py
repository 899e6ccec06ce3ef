"""Details that disagree between two aligned segments: numbers, dates, ordinals, names, modality.

Rule-based and deterministic (stdlib only, plus :mod:`app.engine.diffs` and
:mod:`app.engine.normalize`). Precision matters more than recall: a detail is only reported
when both sides state one of the same type *in a comparable slot* and no value on the other
side is compatible with it.

Invariants of :func:`find_conflicts`:
- every span lies inside its segment, has the segment's source, and ``span.text`` equals
  ``text[start:end]``; the result is sorted by (a.start, b.start, kind) without duplicates;
- it never raises on any text (spans outside their text raise ``ValueError``);
- complementary details are not conflicts: a date inside the other side's range or more/less
  specific than it, a number or ordinal that the other side also states, a name that also occurs
  anywhere in the other text, "agreed" vs "will" (both firm).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from app.engine.diffs import Token, token_diff, word_tokens
from app.engine.model import Conflict, ConflictKind, Span
from app.engine.normalize import fold, is_stopword, match_key


def _w(words: str) -> list[str]:
    return words.split()


def _numbered(words: str, first: int = 1, step: int = 1) -> dict[str, int]:
    """{"a": first, "b": first + step, …} for the words of ``words``."""
    return {w: first + n * step for n, w in enumerate(_w(words))}


_MONTHS = {m: n for n, ms in enumerate(_w("january|jan february|feb march|mar april|apr may "
    "june|jun july|jul august|aug september|sep|sept october|oct november|nov december|dec"), 1)
    for m in ms.split("|")}  # fmt: skip
_WEEKDAYS = _numbered("monday tuesday wednesday thursday friday saturday sunday")
_MONTH_PREPS = frozenset(_w("in since until till by during from of early mid late last next this"))
_RANGE_WORDS = frozenset(_w("to until till through"))
_UNITS = _numbered("zero one two three four five six seven eight nine ten eleven twelve "
                   "thirteen fourteen fifteen sixteen seventeen eighteen nineteen", 0)  # fmt: skip
_TENS = _numbered("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10)
_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ORDINALS = _numbered("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth") | (
    _numbered("twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth",
              20, 10)) | {"hundredth": 100}  # fmt: skip
_LABELS = frozenset(_w("phase round stage part article chapter section session edition tier"))
_ROMAN_LETTERS = {"I": "1", "V": "5", "X": "10"}  # only after a label: "Phase I"
_CURRENCY = frozenset(_w("$ € £ ¥ rs usd eur gbp rmb yuan"))
_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_ORDINAL_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th)")

# Modality: "done" and "will" are firm and agree with each other; "tentative" and "negated"
# disagree with both. Cues in _NEEDS_TO only count when followed by "to".
_MODALITY = {
    "done": "agree agreed agrees signed decided approved adopted concluded finalised finalized "
    "reached endorsed ratified inked sealed",
    "will": "will shall pledged pledge pledges vowed vow vows committed",
    "tentative": "may might could discuss discussed discusses discussing consider considered "
    "considers considering propose proposed proposes explore explored explores exploring "
    "suggest suggested suggests mulled weighed debated mooted envisaged",
    "to_tentative": "expected likely plan plans planned planning hope hopes hoped hoping aim "
    "aims aimed seek seeks sought intend intends intended",
    "to_negated": "failed refused declined",
    "negated": "rejected",
}
_LEVEL = {w: level.removeprefix("to_") for level, ws in _MODALITY.items() for w in _w(ws)}
_NEEDS_TO = frozenset(w for level, ws in _MODALITY.items() if level[:3] == "to_" for w in _w(ws))
_CASE_SENSITIVE = frozenset({"may"})  # "May" is a month
_FIRM = frozenset({"done", "will"})
_NOT = frozenset({"not", "never", "no"})
_PLACE_SLOTS = frozenset(_w("in at near inside outside visited visiting"))
_PERSON_SLOTS = frozenset(_w("minister president premier secretary chairman chairwoman chair "
    "ambassador envoy spokesperson spokesman spokeswoman mr mrs ms dr general gen king queen "
    "prince senator governor mayor chancellor counterpart leader chief commander director"
))  # fmt: skip
_SAID = frozenset(_w("said says told stated added"))


_HEDGES = frozenset(_w("about around approximately nearly almost some roughly over more less "
                       "fewer under least estimated"))  # fmt: skip
_REPORTING = frozenset(_w("reported said says told announced published updated posted stated"))
_GENERIC_HEADS = frozenset({"time"})
# Segments sharing less than this share of content words (besides the details) are too far
# apart for their details to be read as one claim's (measured on real aligned coverage).
_MIN_OVERLAP = 0.3
_SAME_NAME = 0.75  # spelling variants ("Gurbanguly"/"Kurbanguly") are not different people
_LEVEL_LABEL = {"done": "firm", "will": "firm", "tentative": "tentative", "negated": "negated"}


@dataclass(frozen=True, slots=True)
class _Side:
    """One segment: its text, word tokens (offsets into ``text``) and folded words."""

    text: str
    source: int
    toks: tuple[Token, ...]
    low: tuple[str, ...]

    def word(self, i: int) -> str:
        return self.low[i] if 0 <= i < len(self.low) else ""

    def cap(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i].text[:1].isupper()

    def gap(self, i: int) -> str:
        """The folded text between token ``i - 1`` and token ``i`` ("" at the edges)."""
        if not 0 < i < len(self.toks):
            return ""
        return fold(self.text[self.toks[i - 1].end : self.toks[i].start]).strip()

    def content(self, i: int) -> bool:
        w = self.word(i)
        return w.replace("'", "").isalpha() and not is_stopword(w)

    def span(self, i: int, j: int) -> Span:
        start, end = self.toks[i].start, self.toks[j - 1].end
        return Span(self.source, start, end, self.text[start:end])


@dataclass(frozen=True, slots=True)
class _Detail:
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


@dataclass(frozen=True, slots=True)
class _Cue:
    """A modality cue at tokens [i, j) with its level and the stems of what it governs."""

    i: int
    j: int
    level: str
    topics: frozenset[str]


# --- dates ------------------------------------------------------------------------------


def _day(s: _Side, i: int) -> int | None:
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", s.word(i))
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 31 else None


def _month(s: _Side, i: int) -> int | None:
    return _MONTHS.get(s.word(i)) if s.cap(i) else None


def _year(s: _Side, i: int) -> int | None:
    w = s.word(i)
    return int(w) if len(w) == 4 and w.isdigit() and 1800 <= int(w) <= 2199 else None


def _range_next(s: _Side, k: int, start: int) -> int | None:
    """Index of the token after a range connector at ``k`` ("-", "to", "between … and")."""
    if 0 < k < len(s.toks) and s.gap(k) == "-":
        return k
    if s.word(k) in _RANGE_WORDS or (s.word(k) == "and" and s.word(start - 1) == "between"):
        return k + 1
    return None


def _role(s: _Side, i: int) -> frozenset[str]:
    """ "report" for a date right after a reporting verb ("said on 5 May"), else "event"."""
    return frozenset({"report" if _REPORTING.intersection(s.low[max(0, i - 3) : i]) else "event"})


def _date(s: _Side, i: int, lo: int, hi: int, j: int) -> _Detail:
    year = _year(s, j)
    return _Detail("date", i, j + (year is not None), (year, lo, hi, None), _role(s, i))


def _calendar(s: _Side, i: int) -> _Detail | None:
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


def _other_date(s: _Side, i: int) -> _Detail | None:
    """A weekday, or a bare year that is not a quantity ("in 2026", not "2000 troops")."""
    if s.cap(i) and s.word(i) in _WEEKDAYS:
        return _Detail("date", i, i + 1, (None, None, None, _WEEKDAYS[s.word(i)]), _role(s, i))
    year = _year(s, i)
    if year is None or s.word(i - 1) in _CURRENCY or (s.content(i + 1) and not s.cap(i + 1)):
        return None
    if s.gap(i + 1) == "-" and s.word(i + 1).isdigit():  # "1999-2003", "2002-03": never compared
        return _Detail("date", i, i + 2, (None, None, None, None), frozenset())
    return _Detail("date", i, i + 1, (year, None, None, None), _role(s, i))


def _merge_ranges(dates: list[_Detail], s: _Side) -> list[_Detail]:
    """Join "January 3 to January 5" (two dates and a connector) into one range."""
    out: list[_Detail] = []
    for d in dates:
        prev = out[-1] if out else None
        joined = prev and None not in (prev.value[1], d.value[1])
        if prev and joined and _range_next(s, prev.j, prev.i) == d.i:
            year = prev.value[0] if prev.value[0] is not None else d.value[0]
            out[-1] = _Detail(
                "date", prev.i, d.j, (year, prev.value[1], d.value[2], None), prev.slot
            )
        else:
            out.append(d)
    return out


def _may_start_date(s: _Side, i: int) -> bool:
    w = s.word(i)
    return w[:1].isdigit() or w in _MONTHS or w in _WEEKDAYS


def _dates(s: _Side) -> list[_Detail]:
    found: list[_Detail] = []
    i = 0
    while i < len(s.toks):
        d = (_calendar(s, i) or _other_date(s, i)) if _may_start_date(s, i) else None
        if d:
            found.append(d)
        i = d.j if d else i + 1
    return _merge_ranges(found, s)


# --- ordinals and numbers ---------------------------------------------------------------


def _head(s: _Side, j: int) -> tuple[str | None, int]:
    """Key of the last word of the noun phrase at ``j`` ("Strategic Dialogue" → dialog)."""
    k = j
    while k < min(j + 4, len(s.toks)) and s.content(k) and (k == j or s.gap(k) in ("", "-")):
        k += 1
    return (match_key(s.toks[k - 1].text) if k > j else None), k


def _heads(s: _Side, j: int) -> frozenset[str]:
    """What an ordinal counts: the head of the next noun phrase, and of an "of (the) …" one
    after it ("sixth round of the Dialogue" → {round, dialog}); generic "time" is not one."""
    head, k = _head(s, j)
    if s.word(k) == "of":
        k += 1 + (s.word(k + 1) in ("the", "a", "an", "this", "its", "their"))
        heads = {head, _head(s, k)[0]} if head else set()
    else:
        heads = {head}
    return frozenset(h for h in heads if h and h not in _GENERIC_HEADS)


def _ordinal_at(s: _Side, i: int) -> _Detail | None:
    """ "seventh round", "7th round", "twenty-first century", "Phase-II", "Round 3"."""
    w, j = s.word(i), i + 1
    m = _ORDINAL_DIGITS.fullmatch(w)
    value = int(m.group(1)) if m else _ORDINALS.get(w)
    if w in _TENS and s.gap(i + 1) == "-" and s.word(i + 1) in _ORDINALS:
        value, j = _TENS[w] + _ORDINALS[s.word(i + 1)], i + 2
    if value is not None:
        return _Detail("ordinal", i, j, (value, value), _heads(s, j))
    if w in _LABELS and i + 1 < len(s.toks):
        text = s.toks[i + 1].text
        key = _ROMAN_LETTERS.get(text) or match_key(text)
        if key.isdigit():
            label = frozenset({w})
            return _Detail("ordinal", i + 1, i + 2, (int(key), int(key)), label, s.toks[i].text)
    return None


def _cardinal(s: _Side, i: int) -> tuple[float, int, float] | None:
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


def _not_a_quantity(s: _Side, i: int) -> bool:
    """Times ("10:30"), model numbers ("AK-47", "F 16") and parts of other numbers."""
    prev = s.toks[i - 1].text if i > 0 else ""
    code = prev.isalpha() and prev.isupper() and (s.gap(i) == "-" or len(prev) <= 3)
    return code or ":" in (s.gap(i), s.gap(i + 1)) or s.gap(i) in (".", ",")


def _unit(s: _Side, i: int, j: int) -> tuple[str, str] | None:
    """(key, display) of what a number at [i, j) counts: currency, percent or the next noun."""
    if s.word(i - 1) in _CURRENCY:
        return s.word(i - 1), s.toks[i - 1].text
    if s.word(j) in ("%", "percent") or (s.word(j), s.word(j + 1)) == ("per", "cent"):
        return "percent", "percent"
    if s.content(j) and s.word(j) not in _MONTHS:
        return match_key(s.toks[j].text), s.toks[j].text
    return None


def _number_at(s: _Side, i: int) -> _Detail | None:
    """A number and what it counts: "75 years", "three-day", "$5 billion", "$140-150 million",
    "5%"; a number without a unit (empty slot) is only used to match the other side's."""
    first = None if _not_a_quantity(s, i) else _cardinal(s, i)
    if first is None:
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
    return _Detail("number", i, j, (lo, hi), slot, unit[1], 0.1 * hedged)


def _scan(s: _Side, at: Callable[[_Side, int], _Detail | None], used: set[int]) -> list[_Detail]:
    found: list[_Detail] = []
    i = 0
    while i < len(s.toks):
        d = None if i in used else at(s, i)
        if d and not used.intersection(range(d.i, d.j)):
            found.append(d)
            used.update(range(d.i, d.j))
            i = d.j
        else:
            i += 1
    return found


# --- modality ---------------------------------------------------------------------------


def _topic_key(token: str) -> str:
    return match_key(token).rstrip("e")


def _cue_at(s: _Side, i: int) -> _Cue | None:
    """A cue of "agreed", "will", "may", "discussed", "is expected to", "did not sign"…"""
    w = s.word(i)
    level = _LEVEL.get(w)
    if level is None or (w in _CASE_SENSITIVE and s.toks[i].text != w):
        return None
    j = i + 1
    if w in _NEEDS_TO:
        if s.word(j) != "to":
            return None
        j += 1
    before = s.word(i - 1) in _NOT or s.word(i - 1).endswith("n't")
    if level in _FIRM and (before or s.word(j) in _NOT):
        level, i = "negated", i - before
    k = next((k for k in range(j, min(j + 4, len(s.toks))) if s.content(k)), None)
    if k is not None and level == "will" and _LEVEL.get(s.word(k)) == "tentative":
        return None  # "will consider": the tentative verb is the cue
    topics = {_topic_key(s.toks[k].text)} if k is not None else set()
    if w not in _NEEDS_TO and len(w) > 5:  # a main verb: "signed" is about signing
        topics.add(_topic_key(w))
    return _Cue(i, j, level, frozenset(topics))


# --- one side's facts, cached: one segment takes part in many alignments -------------------


@dataclass(frozen=True, slots=True)
class _Facts:
    side: _Side
    dates: tuple[_Detail, ...]
    ordinals: tuple[_Detail, ...]
    numbers: tuple[_Detail, ...]
    cues: tuple[_Cue, ...]
    names: frozenset[str]
    keys: frozenset[str]


@lru_cache(maxsize=4096)
def _facts(text: str, start: int, end: int, source: int) -> _Facts:
    """Everything :func:`find_conflicts` needs from one segment; no token is in two details."""
    toks = word_tokens(text, start, end)
    s = _Side(text, source, toks, tuple(fold(t.text) for t in toks))
    dates = _dates(s)
    used = {k for d in dates for k in range(d.i, d.j)}
    ordinals = _scan(s, _ordinal_at, used)
    numbers = _scan(s, _number_at, used)
    cues = tuple(c for i in range(len(toks)) if (c := _cue_at(s, i)))
    names = frozenset(match_key(t.text) for t in toks[1:] if _is_name(t))
    used |= {k for d in ordinals + numbers for k in range(d.i, d.j)}
    plain = (
        k for k in range(len(toks)) if s.content(k) and k not in used and not _may_start_date(s, k)
    )
    keys = frozenset(match_key(toks[k].text) for k in plain)
    return _Facts(s, tuple(dates), tuple(ordinals), tuple(numbers), cues, names, keys)


def _overlap(fa: _Facts, fb: _Facts) -> float:
    """Shared content words over the smaller side's (1.0 when a side has none)."""
    small = min(len(fa.keys), len(fb.keys))
    return len(fa.keys & fb.keys) / small if small else 1.0


# --- pairing details --------------------------------------------------------------------

_Test = Callable[[_Detail, _Detail], bool]


def _open(mine: Sequence[_Detail], theirs: Sequence[_Detail], matches: _Test) -> list[_Detail]:
    """Details of ``mine`` that no detail of ``theirs`` matches."""
    return [x for x in mine if not any(matches(x, y) for y in theirs)]


def _pair(
    da: Sequence[_Detail], db: Sequence[_Detail], matches: _Test, pairable: _Test
) -> list[tuple[_Detail, _Detail]]:
    """Unmatched details of both sides, each paired with the first pairable unmatched partner."""
    open_a, open_b = _open(da, db, matches), _open(db, da, lambda y, x: matches(x, y))
    pairs, taken = [], set()
    for x in open_a:
        k = next((k for k, y in enumerate(open_b) if k not in taken and pairable(x, y)), None)
        if k is not None:
            pairs.append((x, open_b[k]))
            taken.add(k)
    return pairs


def _same_slot(x: _Detail, y: _Detail) -> bool:
    return bool(x.slot & y.slot)


def _same_value(x: _Detail, y: _Detail) -> bool:
    """Overlapping value ranges, widened by the hedge tolerance ("about 300" vs "290")."""
    (la, ha), (lb, hb) = x.value[:2], y.value[:2]
    if la is None or ha is None or lb is None or hb is None:
        return False
    tol = max(x.tolerance, y.tolerance) * max(abs(ha), abs(hb)) + 1e-9 * max(abs(ha), abs(hb), 1)
    return la <= hb + tol and lb <= ha + tol


def _date_comparable(x: _Detail, y: _Detail) -> bool:
    """Same role, and both weekdays, or both with a year, or both with a month."""
    (ya, la, _, wa), (yb, lb, _, wb) = x.value, y.value
    if x.slot != y.slot or (wa is None) != (wb is None):
        return False
    return (
        wa is not None or (ya is not None and yb is not None) or (la is not None and lb is not None)
    )


def _date_compatible(x: _Detail, y: _Detail) -> bool:
    """Same weekday, or no differing year and overlapping day ranges (a range holds a day)."""
    (ya, la, ha, wa), (yb, lb, hb, wb) = x.value, y.value
    if wa is not None:
        return wa == wb
    if ya is not None and yb is not None and ya != yb:
        return False
    if la is None or lb is None or ha is None or hb is None:
        return True
    return la <= hb and lb <= ha


def _explain(kind: ConflictKind, sa: _Side, x: _Detail, sb: _Side, y: _Detail) -> Conflict:
    a, b = sa.span(x.i, x.j), sb.span(y.i, y.j)
    note = f" ({x.note})" if x.note else ""
    return Conflict(kind, a, b, f"{kind.capitalize()} differs: '{a.text}' vs '{b.text}'{note}")


def _detail_conflicts(fa: _Facts, fb: _Facts) -> Iterable[Conflict]:
    """Dates, ordinals and numbers (of one unit / head) that no value on the other side
    accounts for: a number or ordinal stated anywhere on the other side is not a conflict."""
    sa, sb = fa.side, fb.side
    date_match: _Test = lambda x, y: _date_comparable(x, y) and _date_compatible(x, y)  # noqa: E731
    for x, y in _pair(fa.dates, fb.dates, date_match, _date_comparable):
        yield _explain("date", sa, x, sb, y)
    for x, y in _pair(fa.ordinals, fb.ordinals, _same_value, _same_slot):
        yield _explain("ordinal", sa, x, sb, y)
    for x, y in _pair(fa.numbers, fb.numbers, _same_value, _same_slot):
        yield _explain("number", sa, x, sb, y)


def _modality(fa: _Facts, fb: _Facts) -> Iterable[Conflict]:
    """Firm ("agreed", "will", "signed") vs tentative or negated cues about the same topic."""
    topics = {t for c in fa.cues for t in c.topics} & {t for c in fb.cues for t in c.topics}
    for topic in sorted(topics):
        on_a = [c for c in fa.cues if topic in c.topics]
        on_b = [c for c in fb.cues if topic in c.topics]
        if {c.level for c in on_a} & {c.level for c in on_b}:
            continue
        clash = [(x, y) for x in on_a for y in on_b if (x.level in _FIRM) != (y.level in _FIRM)]
        if clash:
            x, y = clash[0]
            a, b = fa.side.span(x.i, x.j), fb.side.span(y.i, y.j)
            la, lb = _LEVEL_LABEL[x.level], _LEVEL_LABEL[y.level]
            yield Conflict(
                "modality", a, b, f"Modality differs: '{a.text}' ({la}) vs '{b.text}' ({lb})"
            )


# --- names ------------------------------------------------------------------------------


def _is_name(token: Token) -> bool:
    word = fold(token.text)
    return (
        token.text[:1].isupper()
        and word.replace("'", "").isalpha()
        and not is_stopword(word)
        and word not in _MONTHS
        and word not in _WEEKDAYS
    )


def _name_kind(slot: str, after: str, na: list[Token], nb: list[Token]) -> ConflictKind | None:
    if slot in _PLACE_SLOTS:
        return "place"
    if slot in _PERSON_SLOTS or after in _SAID or (slot == "by" and min(len(na), len(nb)) >= 2):
        return "person"
    return None


def _joined(name: Sequence[Token]) -> str:
    return " ".join(fold(t.text) for t in name)


def _mentions(text: str, name: Sequence[Token]) -> bool:
    pattern = r"\W+".join(re.escape(t.text) for t in name)
    return re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE) is not None


def _names(fa: _Facts, fb: _Facts) -> Iterable[Conflict]:
    """Different names in one slot of an otherwise equal context ("in Beijing"/"in Islamabad").

    The slot comes from the word diff (without semantic cleanup); a name that occurs anywhere
    in the other text, or that contains the other name, is never a conflict.
    """
    sa, sb = fa.side, fb.side
    if not (fa.names - fb.names and fb.names - fa.names):
        return
    runs = token_diff(sa.toks, sb.toks, semantic=False)
    for k in range(1, len(runs) - 1):
        (kind0, before, _), (kind1, na, _), (kind2, _, nb) = runs[k - 1], runs[k], runs[k + 1]
        if (kind0, kind1, kind2) != ("equal", "only_a", "only_b") or len(na) > 4 or len(nb) > 4:
            continue
        if not all(map(_is_name, na + nb)):
            continue
        after = fold(runs[k + 2][1][0].text) if k + 2 < len(runs) and runs[k + 2][1] else ""
        kind = _name_kind(fold(before[-1].text), after, na, nb)
        keys_a, keys_b = {match_key(t.text) for t in na}, {match_key(t.text) for t in nb}
        if kind is None or keys_a <= keys_b or keys_b <= keys_a:
            continue
        if SequenceMatcher(None, _joined(na), _joined(nb)).ratio() >= _SAME_NAME:
            continue
        if _mentions(sa.text, nb) or _mentions(sb.text, na):
            continue
        a = Span(sa.source, na[0].start, na[-1].end, sa.text[na[0].start : na[-1].end])
        b = Span(sb.source, nb[0].start, nb[-1].end, sb.text[nb[0].start : nb[-1].end])
        yield Conflict(kind, a, b, f"{kind.capitalize()} differs: '{a.text}' vs '{b.text}'")


def find_conflicts(text_a: str, a: Span, text_b: str, b: Span) -> tuple[Conflict, ...]:
    """Details of segment ``a`` of ``text_a`` that disagree with segment ``b`` of ``text_b``.

    Kinds: number, date, ordinal, person, place, modality; each conflict has the disagreeing
    tokens on both sides and a one-line explanation. See the module docstring for invariants.
    Raises ``ValueError`` if a span lies outside its text.
    """
    for text, span in ((text_a, a), (text_b, b)):
        if not 0 <= span.start <= span.end <= len(text):
            raise ValueError(f"span {span.start}..{span.end} is outside its text")
    fa, fb = _facts(text_a, a.start, a.end, a.source), _facts(text_b, b.start, b.end, b.source)
    if _overlap(fa, fb) < _MIN_OVERLAP:
        return ()
    found = [*_detail_conflicts(fa, fb), *_modality(fa, fb), *_names(fa, fb)]
    unique = {(c.kind, c.a.start, c.a.end, c.b.start, c.b.end): c for c in found}
    return tuple(sorted(unique.values(), key=lambda c: (c.a.start, c.b.start, c.kind)))
