"""Word-level differences between two aligned segments (diff-match-patch in word mode).

How it works: each segment is cut into word tokens with offsets; every distinct *match key*
(:func:`app.engine.normalize.match_key`) is mapped to one private-use character (the
``linesToChars`` trick of diff-match-patch, applied to words); the two character strings are
diffed and cleaned up semantically; the result is mapped back to token offsets.

Invariants of :func:`word_diff`:
- the ``a`` spans of ``equal`` and ``only_a`` ops, in order, cover exactly the word tokens of
  segment ``a`` (:func:`word_tokens`), each token once; likewise for ``b``;
- every span's ``source`` is the segment's source, its offsets are ``str`` indices into the
  original text, ``start < end`` and ``span.text == text[start:end]``;
- an ``equal`` op carries both spans, ``only_a`` only ``a``, ``only_b`` only ``b``; adjacent ops
  of one kind are merged;
- differences of case, Unicode quotes, dashes, punctuation, whitespace and British/American
  spelling never show (they are not tokens, or tokens with one match key).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from app.engine.model import DiffOp, DiffOpKind, Span
from app.engine.normalize import HYPHEN_PREFIX, match_key

# A word: letters/digits with inner apostrophes, decimal points or thousands separators
# ("Pakistan’s", "3.5", "1,000"); currency and percent signs are words of their own.
# Hyphens, dashes, quotes and other punctuation separate words and are not tokens.
_WORD = re.compile(HYPHEN_PREFIX + r"\w+(?:['\u2019.,]\w+)*|[%$\u20ac\u00a3\u00a5]")

# Private-use code points: they never occur in the character strings by accident and have no
# word/space semantics for diff-match-patch's semantic cleanup.
_PRIVATE_RANGES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
_CAPACITY = sum(hi - lo + 1 for lo, hi in _PRIVATE_RANGES)
_OPS = {0: "=", -1: "-", 1: "+"}
_KINDS: dict[str, DiffOpKind] = {"=": "equal", "-": "only_a", "+": "only_b"}

try:
    import fast_diff_match_patch as _fdmp
except ImportError:  # pragma: no cover - the pure-Python build is the fallback
    _fdmp = None


class Token(NamedTuple):
    """One word of a text: ``text == source_text[start:end]``."""

    start: int
    end: int
    text: str


DiffRun = tuple[DiffOpKind, list[Token], list[Token]]


def word_tokens(text: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    """The word tokens of ``text[start:end]``, with offsets into ``text`` (in order, disjoint).

    Cached: a segment takes part in many alignments (the cache compares texts by identity
    first, so a hit costs no more than hashing the span).
    """
    return _word_tokens(text, start, len(text) if end is None else end)


@lru_cache(maxsize=16384)
def _word_tokens(text: str, start: int, stop: int) -> tuple[Token, ...]:
    return tuple(Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, stop))


def _code_point(index: int) -> str:
    """The ``index``-th private-use character (``0 <= index < _CAPACITY``)."""
    for lo, hi in _PRIVATE_RANGES:
        if index <= hi - lo:
            return chr(lo + index)
        index -= hi - lo + 1
    raise ValueError("too many distinct words")  # pragma: no cover - guarded by _CAPACITY


# One dossier-wide (process-wide) key -> character map, filled in order of first sight and never
# cleared (it is bounded by _CAPACITY): a segment's encoding can then be cached once and reused
# for each of its alignments. Diff ops depend only on which characters are equal, never on
# which characters they are.
_CHARS: dict[str, str] = {}


def _shared_code(tokens: Sequence[Token]) -> str | None:
    """``tokens`` as one private-use character per match key (``None`` once the map is full)."""
    out = []
    for token in tokens:
        key = match_key(token.text)
        char = _CHARS.get(key)
        if char is None:
            if len(_CHARS) >= _CAPACITY:
                return None
            char = _CHARS[key] = _code_point(len(_CHARS))
        out.append(char)
    return "".join(out)


@lru_cache(maxsize=16384)
def _segment_code(text: str, start: int, stop: int) -> tuple[tuple[Token, ...], str | None]:
    """The word tokens of ``text[start:stop]`` and their shared encoding (cached per segment)."""
    toks = word_tokens(text, start, stop)
    return toks, _shared_code(toks)


def _encode(tokens_a: Sequence[Token], tokens_b: Sequence[Token]) -> tuple[str, str] | None:
    """Both token sequences as strings of one character per token (same key → same char).

    Returns ``None`` when there are more distinct keys than private-use characters.
    """
    chars: dict[str, str] = {}

    def encode(tokens: Sequence[Token]) -> str:
        out = []
        for token in tokens:
            key = match_key(token.text)
            if key not in chars:
                if len(chars) >= _CAPACITY:
                    raise OverflowError
                chars[key] = _code_point(len(chars))
            out.append(chars[key])
        return "".join(out)

    try:
        return encode(tokens_a), encode(tokens_b)
    except OverflowError:
        return None


def pure_char_diff(chars_a: str, chars_b: str, semantic: bool) -> list[tuple[str, int]]:
    """The pure-Python diff-match-patch on the encoded strings, as (op, length) pairs."""
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # no deadline: the result must not depend on machine speed
    diffs = dmp.diff_main(chars_a, chars_b, False)
    if semantic:
        dmp.diff_cleanupSemantic(diffs)
    return [(_OPS[op], len(chars)) for op, chars in diffs]


def fast_char_diff(chars_a: str, chars_b: str, semantic: bool) -> list[tuple[str, int]]:
    """The C++ diff-match-patch (``fast_diff_match_patch``): same ops, ~40x faster."""
    cleanup = "Semantic" if semantic else "No"
    return list(_fdmp.diff(chars_a, chars_b, timelimit=0, cleanup=cleanup, counts_only=True))


def _char_diff(chars_a: str, chars_b: str, semantic: bool) -> list[tuple[str, int]]:
    """diff-match-patch on the encoded strings (optionally cleaned up); deterministic.

    Ops are "=", "-" (only in a) and "+" (only in b) with their lengths; the C++ build is used
    when installed, else the pure-Python one (both give the same ops: a test checks it).
    """
    if _fdmp is not None:
        return fast_char_diff(chars_a, chars_b, semantic)
    return pure_char_diff(chars_a, chars_b, semantic)


def _span(source: int, text: str, tokens: Sequence[Token]) -> Span:
    """The span from the first token's start to the last token's end."""
    start, end = tokens[0].start, tokens[-1].end
    return Span(source, start, end, text[start:end])


def _runs(
    diffs: Sequence[tuple[str, int]], tokens_a: Sequence[Token], tokens_b: Sequence[Token]
) -> Iterator[DiffRun]:
    """Diff chunks as (kind, tokens of a, tokens of b), consuming both token lists in order."""
    i = j = 0
    for op, n in diffs:
        if op == "=":
            yield "equal", list(tokens_a[i : i + n]), list(tokens_b[j : j + n])
            i, j = i + n, j + n
        elif op == "-":
            yield "only_a", list(tokens_a[i : i + n]), []
            i += n
        else:
            yield "only_b", [], list(tokens_b[j : j + n])
            j += n


def _merged(runs: Iterator[DiffRun]) -> list[DiffRun]:
    """Adjacent runs of one kind joined; empty runs dropped."""
    merged: list[DiffRun] = []
    for kind, toks_a, toks_b in runs:
        if not toks_a and not toks_b:
            continue
        if merged and merged[-1][0] == kind:
            merged[-1][1].extend(toks_a)
            merged[-1][2].extend(toks_b)
        else:
            merged.append((kind, toks_a, toks_b))
    return merged


def _check(text: str, span: Span, side: str) -> None:
    if not 0 <= span.start <= span.end <= len(text):
        raise ValueError(f"span {side} ({span.start}..{span.end}) is outside its text")


def token_diff(
    tokens_a: Sequence[Token], tokens_b: Sequence[Token], *, semantic: bool = True
) -> list[DiffRun]:
    """Diff two token sequences by match key: runs of (kind, tokens of a, tokens of b).

    The runs consume both sequences in order, each token once; adjacent runs differ in kind.
    ``semantic=False`` skips the semantic cleanup (finer runs, e.g. for slot matching).
    """
    encoded = _encode(tokens_a, tokens_b)
    if encoded is None:
        diffs = [("-", len(tokens_a)), ("+", len(tokens_b))]
    else:
        diffs = _char_diff(*encoded, semantic)
    return _merged(_runs(diffs, tokens_a, tokens_b))


def word_diff(text_a: str, a: Span, text_b: str, b: Span) -> tuple[DiffOp, ...]:
    """Word-level diff of segment ``a`` of ``text_a`` against segment ``b`` of ``text_b``.

    See the module docstring for the invariants. Raises ``ValueError`` if a span lies
    outside its text.
    """
    _check(text_a, a, "a")
    _check(text_b, b, "b")
    tokens_a, code_a = _segment_code(text_a, a.start, a.end)
    tokens_b, code_b = _segment_code(text_b, b.start, b.end)
    if code_a is None or code_b is None:
        runs = token_diff(tokens_a, tokens_b)
    elif code_a == code_b:  # what diff-match-patch gives for equal strings, without calling it
        runs = [("equal", list(tokens_a), list(tokens_b))] if tokens_a else []
    else:
        return _ops(
            _char_diff(code_a, code_b, True), a.source, text_a, tokens_a, b.source, text_b, tokens_b
        )
    ops = []
    for kind, toks_a, toks_b in runs:
        span_a = _span(a.source, text_a, toks_a) if toks_a else None
        span_b = _span(b.source, text_b, toks_b) if toks_b else None
        ops.append(DiffOp(kind, span_a, span_b))
    return tuple(ops)


def _ops(
    diffs: Sequence[tuple[str, int]],
    source_a: int,
    text_a: str,
    tokens_a: Sequence[Token],
    source_b: int,
    text_b: str,
    tokens_b: Sequence[Token],
) -> tuple[DiffOp, ...]:
    """The ops of ``_merged(_runs(diffs, …))`` built from token counts (no token lists).

    Adjacent chunks of one kind are joined and empty ones dropped, as :func:`_merged` does.
    """
    counts: list[list[Any]] = []
    for op, n in diffs:
        if n == 0:
            continue
        if counts and counts[-1][0] == op:
            counts[-1][1] += n
        else:
            counts.append([op, n])
    ops = []
    i = j = 0
    for op, n in counts:
        span_a = span_b = None
        if op != "+":
            start, end = tokens_a[i].start, tokens_a[i + n - 1].end
            span_a = Span(source_a, start, end, text_a[start:end])
            i += n
        if op != "-":
            start, end = tokens_b[j].start, tokens_b[j + n - 1].end
            span_b = Span(source_b, start, end, text_b[start:end])
            j += n
        ops.append(DiffOp(_KINDS[op], span_a, span_b))
    return tuple(ops)
