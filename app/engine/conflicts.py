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

from app.engine.details import (
    MONTHS,
    WEEKDAYS,
    Detail,
    Side,
    dates,
    number_at,
    ordinal_at,
    scan,
    times,
    words,
)
from app.engine.diffs import Token, token_diff, word_tokens
from app.engine.model import Conflict, ConflictKind, Span
from app.engine.normalize import fold, fold_word, is_stopword, match_key

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
_LEVEL = {w: level.removeprefix("to_") for level, ws in _MODALITY.items() for w in words(ws)}
_NEEDS_TO = frozenset(w for level, ws in _MODALITY.items() if level[:3] == "to_" for w in words(ws))
_CASE_SENSITIVE = frozenset({"may"})  # "May" is a month
_FIRM = frozenset({"done", "will"})
_NOT = frozenset({"not", "never", "no"})
_PLACE_SLOTS = frozenset(words("in at near inside outside visited visiting"))
_PERSON_SLOTS = frozenset(words("minister president premier secretary chairman chairwoman chair "
    "ambassador envoy spokesperson spokesman spokeswoman mr mrs ms dr general gen king queen "
    "prince senator governor mayor chancellor counterpart leader chief commander director"
))  # fmt: skip
_SAID = frozenset(words("said says told stated added"))


# Segments sharing less than this share of content words (besides the details) are too far
# apart for their details to be read as one claim's (measured on real aligned coverage).
_MIN_OVERLAP = 0.3
_SAME_NAME = 0.75  # spelling variants ("Gurbanguly"/"Kurbanguly") are not different people
_LEVEL_LABEL = {"done": "firm", "will": "firm", "tentative": "tentative", "negated": "negated"}


@dataclass(frozen=True, slots=True)
class _Cue:
    """A modality cue at tokens [i, j) with its level and the stems of what it governs."""

    i: int
    j: int
    level: str
    topics: frozenset[str]


def _topic_key(token: str) -> str:
    return match_key(token).rstrip("e")


def _cue_at(s: Side, i: int) -> _Cue | None:
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
    side: Side
    dates: tuple[Detail, ...]
    ordinals: tuple[Detail, ...]
    numbers: tuple[Detail, ...]
    cues: tuple[_Cue, ...]
    names: frozenset[str]
    keys: frozenset[str]
    times: tuple[Detail, ...] = ()


@lru_cache(maxsize=65536)
def _plain_word(word: str) -> bool:
    """A folded content word that cannot start a date (``Side.content``, not ``may_start_date``)."""
    return (
        word.replace("'", "").isalpha()
        and not is_stopword(word)
        and not (word[:1].isdigit() or word in MONTHS or word in WEEKDAYS)
    )


@lru_cache(maxsize=16384)
def _facts(text: str, start: int, end: int, source: int) -> _Facts:
    """Everything :func:`find_conflicts` needs from one segment; no token is in two details."""
    toks = word_tokens(text, start, end)
    s = Side.of(text, source, toks)
    found_dates = dates(s)
    used = {k for d in found_dates for k in range(d.i, d.j)}
    found_times = [t for t in times(s) if not used.intersection(range(t.i, t.j))]
    used |= {k for t in found_times for k in range(t.i, t.j)}
    ordinals = scan(s, ordinal_at, used)
    numbers = scan(s, number_at, used)
    cues = tuple(c for i in range(len(toks)) if (c := _cue_at(s, i)))
    names = frozenset(match_key(t.text) for t in toks[1:] if _is_name(t))
    used |= {k for d in ordinals + numbers for k in range(d.i, d.j)}
    keys = frozenset(
        match_key(t.text)
        for k, (t, w) in enumerate(zip(toks, s.low, strict=True))
        if _plain_word(w) and k not in used
    )
    return _Facts(
        s,
        tuple(found_dates),
        tuple(ordinals),
        tuple(numbers),
        cues,
        names,
        keys,
        tuple(found_times),
    )


def _overlap(fa: _Facts, fb: _Facts) -> float:
    """Shared content words over the smaller side's (1.0 when a side has none)."""
    small = min(len(fa.keys), len(fb.keys))
    return len(fa.keys & fb.keys) / small if small else 1.0


# --- pairing details --------------------------------------------------------------------

_Test = Callable[[Detail, Detail], bool]


def _open(mine: Sequence[Detail], theirs: Sequence[Detail], matches: _Test) -> list[Detail]:
    """Details of ``mine`` that no detail of ``theirs`` matches."""
    return [x for x in mine if not any(matches(x, y) for y in theirs)]


def _pair(
    da: Sequence[Detail], db: Sequence[Detail], matches: _Test, pairable: _Test
) -> list[tuple[Detail, Detail]]:
    """Unmatched details of both sides, each paired with the first pairable unmatched partner."""
    if not da or not db:
        return []  # nothing to pair with (most sentences give no date, number or ordinal)
    open_a, open_b = _open(da, db, matches), _open(db, da, lambda y, x: matches(x, y))
    pairs, taken = [], set()
    for x in open_a:
        k = next((k for k, y in enumerate(open_b) if k not in taken and pairable(x, y)), None)
        if k is not None:
            pairs.append((x, open_b[k]))
            taken.add(k)
    return pairs


def _same_slot(x: Detail, y: Detail) -> bool:
    return bool(x.slot & y.slot)


def _same_value(x: Detail, y: Detail) -> bool:
    """Overlapping value ranges, widened by the hedge tolerance ("about 300" vs "290")."""
    (la, ha), (lb, hb) = x.value[:2], y.value[:2]
    if la is None or ha is None or lb is None or hb is None:
        return False
    tol = max(x.tolerance, y.tolerance) * max(abs(ha), abs(hb)) + 1e-9 * max(abs(ha), abs(hb), 1)
    return la <= hb + tol and lb <= ha + tol


def _date_comparable(x: Detail, y: Detail) -> bool:
    """Same role, and both with a day or month, or both with a year, or both weekdays only
    (a weekday beside a calendar date is compared only with another weekday-only date)."""
    (ya, la, _, wa), (yb, lb, _, wb) = x.value, y.value
    if x.slot != y.slot:
        return False
    if la is not None and lb is not None:
        return True
    if la is not None or lb is not None:
        return ya is not None and yb is not None
    if (wa is None) != (wb is None):
        return False
    return wa is not None or (ya is not None and yb is not None)


def _date_compatible(x: Detail, y: Detail) -> bool:
    """No differing year and overlapping day ranges (a range holds a day), or, for two
    weekday-only dates, the same weekday."""
    (ya, la, ha, wa), (yb, lb, hb, wb) = x.value, y.value
    if ya is not None and yb is not None and ya != yb:
        return False
    if la is None or lb is None or ha is None or hb is None:
        return la is not None or lb is not None or wa is None or wa == wb
    return la <= hb and lb <= ha


def _explain(kind: ConflictKind, sa: Side, x: Detail, sb: Side, y: Detail) -> Conflict:
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
    for x, y in _pair(fa.times, fb.times, _same_value, _same_slot):
        yield _explain("time", sa, x, sb, y)


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
    word = fold_word(token.text)
    return (
        token.text[:1].isupper()
        and word.replace("'", "").isalpha()
        and not is_stopword(word)
        and word not in MONTHS
        and word not in WEEKDAYS
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
