"""Quote check: find what a report puts in quotation marks and look it up in the primary text.

:func:`find_quotes` reads straight and curly, single and double quotation marks (and
guillemets), tells apostrophes ("Pakistan’s", "don't", "countries' ") from single quotes, and
handles nesting. A quotation never crosses a paragraph (a blank line, or a line break when the
text has no blank lines): by newspaper convention a quote running over several paragraphs
opens each paragraph again and closes only the last, so an open double quote is ended, marked
``closed=False``, at its paragraph's end; an open single quote there is dropped (more likely a
stray apostrophe).

:func:`check_quotes` locates each outermost quote in the primary: both texts are cut into word
tokens (:func:`app.engine.diffs.word_tokens`), each token becomes its match key
(:func:`app.engine.normalize.match_key`: case, quote style, dashes, British/American spelling,
numeral style and light inflections do not count), rapidfuzz's ``partial_ratio_alignment``
finds the best window over the key sequences, a word diff around that window trims it to the
matched words, and :func:`app.engine.diffs.word_diff` gives the differences with offsets.

Invariants:
- every offset is a ``str`` index into the original text given (the report for
  :class:`Quote`, the report for ``a`` spans and the primary for ``b`` spans of a check);
- for a quote, ``0 <= start <= inner_start < inner_end <= end <= len(text)`` and
  ``text[inner_start:inner_end] == quote.text``, which has no surrounding whitespace and
  contains at least one word character;
- a check is ``exact`` only when every word of the quote equals (by match key) the matched
  words of the primary and none is missing; ``misquote`` when it is found but words differ;
  ``unverifiable`` when it is not found. Nothing is ever called false.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from app.engine.diffs import DiffRun, Token, token_diff, word_diff, word_tokens
from app.engine.model import DiffOp, Span
from app.engine.normalize import is_stopword, match_key

QuoteStatus = Literal["exact", "misquote", "unverifiable"]
_Kind = Literal["double", "single"]

#: A quote of at most this many words is found only when the phrase occurs as it is.
SHORT_QUOTE_WORDS = 2
#: Least share of a longer quote's content words found, in order, in the matched passage.
MIN_RECALL = 0.7
#: Least share of the matched primary passage's words that the quote has.
MIN_PRECISION = 0.5
#: Least number of shared content words (not stopwords) for a misquote.
MIN_SHARED_CONTENT = 2

_DOUBLE_OPEN = "\u201c\u201e\u00ab"
_DOUBLE_CLOSE = "\u201d\u00bb"
_SINGLE_OPEN = "\u2018\u201a\u2039"
_SINGLE_CLOSE = "\u2019\u203a"
_MARKS = frozenset(_DOUBLE_OPEN + _DOUBLE_CLOSE + _SINGLE_OPEN + _SINGLE_CLOSE + "\"'")
_BEFORE_OPEN = frozenset("([{/\u2014\u2013-:")
_ELISION = re.compile(r"\d\ds\b")  # ’90s
_WORDCHAR = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Quote:
    """A passage in quotation marks: ``start``/``end`` include the marks, ``inner_*`` do not.

    ``depth`` is 0 for an outermost quote, 1 for a quote inside it, and so on; ``closed`` is
    False for a quote ended by its paragraph rather than by a closing mark.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    text: str
    depth: int = 0
    closed: bool = True


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    """One quote of the report compared with the primary.

    ``match`` is the primary span from the first to the last matched word (``None`` when
    unverifiable); ``diff`` are word ops with ``a`` spans in the report and ``b`` spans in the
    primary (empty when unverifiable); ``score`` is the word-level similarity, 0..100.
    """

    quote: Quote
    status: QuoteStatus
    score: float
    words: int
    match: Span | None = None
    diff: tuple[DiffOp, ...] = ()

    @property
    def found(self) -> bool:
        return self.status != "unverifiable"


# ---------------------------------------------------------------- finding quotes


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges: blocks between blank lines, or lines if the text has no blank line."""
    blank = re.compile(r"\n[ \t\r\f\v]*\n")
    splitter = blank if blank.search(text) else re.compile(r"\r\n|\r|\n")
    out, pos = [], 0
    for match in splitter.finditer(text):
        out.append((pos, match.start()))
        pos = match.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if a < b]


def _opening_position(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return (before.isspace() or before in _BEFORE_OPEN or before in _MARKS) and not (
        after.isspace()
    )


def _closing_position(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return not before.isspace() and not after.isalnum()


def _make_quote(
    text: str, start: int, end: int, inner_lo: int, inner_hi: int, depth: int, closed: bool
) -> Quote | None:
    inner = text[inner_lo:inner_hi]
    stripped = inner.strip()
    if not _WORDCHAR.search(stripped):
        return None
    lead = len(inner) - len(inner.lstrip())
    inner_start = inner_lo + lead
    inner_end = inner_start + len(stripped)
    return Quote(start, end, inner_start, inner_end, stripped, depth, closed)


class _Scanner:
    """A stack of open quotation marks inside one paragraph."""

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self.text, self.lo, self.hi = text, lo, hi
        self.stack: list[tuple[_Kind, int]] = []
        self.found: list[Quote] = []

    def is_open(self, kind: _Kind) -> bool:
        return any(k == kind for k, _ in self.stack)

    def open(self, kind: _Kind, i: int) -> None:
        self.stack.append((kind, i))

    def close(self, kind: _Kind, i: int) -> None:
        while self.stack:
            top_kind, at = self.stack.pop()
            if top_kind == kind:
                quote = _make_quote(self.text, at, i + 1, at + 1, i, len(self.stack), True)
                if quote is not None:
                    self.found.append(quote)
                return

    def finish(self) -> list[Quote]:
        """End the paragraph: open double quotes run to its end (unclosed), singles drop."""
        for depth, (kind, at) in enumerate(self.stack):
            quote = _make_quote(self.text, at, self.hi, at + 1, self.hi, depth, False)
            if kind == "double" and quote is not None:
                self.found.append(quote)
        return self.found


def _scan_double(sc: _Scanner, ch: str, i: int) -> None:
    opening = _opening_position(sc.text, i, sc.lo, sc.hi)
    closing = _closing_position(sc.text, i, sc.lo, sc.hi)
    if ch in _DOUBLE_OPEN:
        if closing and not opening and sc.is_open("double"):
            sc.close("double", i)
        else:
            sc.open("double", i)
    elif ch in _DOUBLE_CLOSE:
        if sc.is_open("double") and not (opening and not closing):
            sc.close("double", i)
        elif opening:
            sc.open("double", i)
    elif sc.is_open("double") and closing:
        sc.close("double", i)
    elif opening:
        sc.open("double", i)
    elif sc.is_open("double"):
        sc.close("double", i)


def _scan_single(sc: _Scanner, ch: str, i: int) -> None:
    text = sc.text
    before = text[i - 1] if i > sc.lo else " "
    after = text[i + 1] if i + 1 < sc.hi else " "
    if ch in _SINGLE_OPEN:
        if _closing_position(text, i, sc.lo, sc.hi) and sc.is_open("single"):
            sc.close("single", i)  # a mark typed the wrong way round
        elif not (before.isalnum() and after.isalnum()):
            sc.open("single", i)
        return
    if before.isalnum() and after.isalnum():
        return  # an apostrophe inside a word: Pakistan’s, don't
    if sc.is_open("single") and not before.isspace():
        sc.close("single", i)
    elif (
        ch != "\u203a"
        and _opening_position(text, i, sc.lo, sc.hi)
        and after.isalpha()
        and not _ELISION.match(text, i + 1, sc.hi)
    ):
        sc.open("single", i)
    # otherwise an apostrophe: "countries' leaders", "’90s"


def find_quotes(text: str) -> list[Quote]:
    """Every passage of ``text`` in quotation marks, in order of its opening mark.

    Offsets are ``str`` indices into ``text``; see the module docstring for the rules and
    invariants. Never raises for any string.
    """
    quotes: list[Quote] = []
    for lo, hi in _paragraphs(text):
        scanner = _Scanner(text, lo, hi)
        for i in range(lo, hi):
            ch = text[i]
            if ch not in _MARKS:
                continue
            if ch in _DOUBLE_OPEN or ch in _DOUBLE_CLOSE or ch == '"':
                _scan_double(scanner, ch, i)
            else:
                _scan_single(scanner, ch, i)
        quotes.extend(scanner.finish())
    quotes.sort(key=lambda q: (q.start, -q.end))
    return quotes


# ---------------------------------------------------------------- checking quotes


def _keys(tokens: Sequence[Token]) -> list[str]:
    return [match_key(t.text) for t in tokens]


def _trim(runs: list[DiffRun]) -> None:
    """Cut the padding of the primary window off both ends of the runs, in place.

    Primary-only runs at either end go, and so do stopword-only equal runs cut off by them;
    a primary-only end run next to a quote-only run is a substitution and keeps as many
    words as the quote has there ("terrorists" against "terrorism").
    """

    def loose(k: int, neighbour: int) -> bool:
        kind, toks_a, _ = runs[k]
        if kind == "only_b":
            return True
        stray = kind == "equal" and all(is_stopword(t.text) for t in toks_a)
        return stray and 0 <= neighbour < len(runs) and runs[neighbour][0] != "equal"

    def has_equal(part: list[DiffRun]) -> bool:
        return any(r[0] == "equal" for r in part)

    while runs and loose(0, 1) and has_equal(runs[1:]):
        if runs[0][0] == "only_b" and runs[1][0] == "only_a":
            keep = len(runs[1][1])
            runs[0] = ("only_b", [], runs[0][2][-keep:])
            break
        runs.pop(0)
    while runs and loose(len(runs) - 1, len(runs) - 2) and has_equal(runs[:-1]):
        if runs[-1][0] == "only_b" and runs[-2][0] == "only_a":
            keep = len(runs[-2][1])
            runs[-1] = ("only_b", [], runs[-1][2][:keep])
            break
        runs.pop()
    if len(runs) > 2 and runs[0][0] == "only_a" and runs[1][0] == "only_b":
        runs[1] = ("only_b", [], runs[1][2][-len(runs[0][1]) :])
    if len(runs) > 2 and runs[-1][0] == "only_a" and runs[-2][0] == "only_b":
        runs[-2] = ("only_b", [], runs[-2][2][: len(runs[-1][1])])


def _elided(report_text: str, ops: Sequence[DiffOp], k: int) -> bool:
    """True when op ``k`` only lacks primary words where the quote has an ellipsis."""
    if ops[k].op != "only_b" or not 0 < k < len(ops) - 1:
        return False
    before, after = ops[k - 1].a, ops[k + 1].a
    if before is None or after is None:
        return False
    gap = report_text[before.end : after.start]
    return "\u2026" in gap or "..." in gap


def _unverifiable(quote: Quote, words: int, score: float = 0.0) -> QuoteCheck:
    return QuoteCheck(quote, "unverifiable", round(score, 2), words)


def _check_one(
    report_text: str,
    quote: Quote,
    primary_text: str,
    p_tokens: Sequence[Token],
    p_keys: Sequence[str],
    sources: tuple[int, int],
) -> QuoteCheck:
    q_tokens = word_tokens(report_text, quote.inner_start, quote.inner_end)
    n = len(q_tokens)
    if n == 0 or not p_tokens:
        return _unverifiable(quote, n)
    best = fuzz.partial_ratio_alignment(_keys(q_tokens), p_keys)
    if best is None or best.score == 0:
        return _unverifiable(quote, n)
    pad = n + 2  # room for words the quote leaves out
    lo, hi = max(0, best.dest_start - pad), min(len(p_tokens), best.dest_end + pad)
    runs = token_diff(q_tokens, p_tokens[lo:hi], semantic=False)
    _trim(runs)
    matched = [t for kind, _, toks_b in runs if kind != "only_a" for t in toks_b]
    equal = [t for kind, toks_a, _ in runs if kind == "equal" for t in toks_a]
    if not equal or not matched:
        return _unverifiable(quote, n)
    score = 200.0 * len(equal) / (n + len(matched))
    exact = len(equal) == n == len(matched)
    content = sum(1 for t in equal if not is_stopword(t.text))
    content_total = sum(1 for t in q_tokens if not is_stopword(t.text))
    recall = content / content_total if content_total else len(equal) / n
    precision = len(equal) / len(matched)
    if not exact and (
        n <= SHORT_QUOTE_WORDS
        or recall < MIN_RECALL
        or precision < MIN_PRECISION
        or content < MIN_SHARED_CONTENT
    ):
        return _unverifiable(quote, n, score)
    report_src, primary_src = sources
    a = Span(report_src, quote.inner_start, quote.inner_end, quote.text)
    start, end = matched[0].start, matched[-1].end
    b = Span(primary_src, start, end, primary_text[start:end])
    ops = word_diff(report_text, a, primary_text, b)
    same = all(op.op == "equal" or _elided(report_text, ops, k) for k, op in enumerate(ops))
    status: QuoteStatus = "exact" if same else "misquote"
    return QuoteCheck(quote, status, round(score, 2), n, b, ops)


def check_quotes(
    report_text: str,
    primary_text: str,
    *,
    report_source: int = 0,
    primary_source: int = 1,
    nested: bool = False,
) -> list[QuoteCheck]:
    """Check every outermost quote of ``report_text`` against ``primary_text``.

    ``report_source``/``primary_source`` are the ``source`` numbers put on the spans;
    ``nested=True`` checks quotes inside quotes as well. One check per quote, in report order.
    Quotes of at most :data:`SHORT_QUOTE_WORDS` words are found only when the phrase occurs;
    longer ones need :data:`MIN_RECALL` of their content words in order,
    :data:`MIN_PRECISION` of the matched passage and :data:`MIN_SHARED_CONTENT` shared
    content words, else they are ``unverifiable``. Words the primary has where the quote
    shows an ellipsis ("…", "...") are not differences. Never raises for any pair of strings.
    """
    p_tokens = word_tokens(primary_text)
    p_keys = _keys(p_tokens)
    sources = (report_source, primary_source)
    return [
        _check_one(report_text, quote, primary_text, p_tokens, p_keys, sources)
        for quote in find_quotes(report_text)
        if nested or quote.depth == 0
    ]
