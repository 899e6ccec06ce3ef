"""Claim-group labels: a short clause of the group's most central member.

Invariants: a label is a substring of the member's text of at most ``LABEL_WORDS`` words that
starts and ends on a word (or on the closing quote of a quotation it opened); it never opens on
a conjunction or preposition, never ends on a function word, never cuts a name or title, and,
when the clause is longer than the label, stops where the text goes on with a clause break, a
conjunction or a function word rather than inside a phrase.
"""

from __future__ import annotations

import re

from app.engine.similarity import SegmentTerms

LABEL_WORDS = 12
LABEL_MIN_WORDS = 4
_PHRASE_BREAK = re.compile(r"[,;:()\u2013\u2014.!?]")
_CONJUNCTIONS = frozenset(["and", "or", "but", "while", "whereas", "which", "that", "as"])
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s(?:while|but|which|whereas|as well as)\s")
# A label never ends on a function word, nor starts on a conjunction or preposition ("and
# further enhance"); it may start on an article or a determiner ("The two sides ...").
_TAIL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "while",
        "which",
        "that",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "as",
        "also",
        "further",
        "its",
        "their",
        "his",
        "her",
        "said",
        "says",
    ]
)
_HEAD_WORDS = _TAIL_WORDS - frozenset(["a", "an", "the", "its", "their", "his", "her"])
# Prepositions and subordinators a label may stop before but never on (after _HEAD_WORDS: a
# label may open on "under" or "after", a clause that opens on one reads whole).
_TAIL_WORDS = _TAIL_WORDS | frozenset(
    [
        "under",
        "toward",
        "towards",
        "against",
        "into",
        "over",
        "during",
        "after",
        "before",
        "since",
        "until",
        "about",
        "between",
        "through",
        "within",
        "without",
        "across",
        "among",
        "amid",
        "despite",
        "than",
        "if",
        "when",
        "because",
        "even",
    ]
)
_FUNCTION_WORDS = _TAIL_WORDS
# Nor end on a determiner or a number cut off from its noun ("every six", "in the first").
_TAIL_WORDS = _TAIL_WORDS | frozenset(
    [
        "every",
        "each",
        "all",
        "any",
        "some",
        "first",
        "last",
        "next",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "from",
    ]
)


def _words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[\w'\u2019.-]*\w", text)]


def label(central: SegmentTerms, shared_keys: set[str]) -> str:
    """The clause of the central member that carries most shared words, cut at words."""
    seg = central.segment
    text = seg.text
    cuts = [0] + [
        m.start() + (1 if m.group().startswith(" ") else 0) for m in _CLAUSE_BREAK.finditer(text)
    ]
    cuts.append(len(text))
    best, best_value = (0, len(text)), -1.0
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        value = sum(
            1.0
            for t in central.content
            if seg.start + lo <= t.start < seg.start + hi and t.key in shared_keys
        )
        if value > best_value:
            best, best_value = (lo, hi), value
    words = [w for w in _words(text) if best[0] <= w[0] and w[1] <= best[1]] or _words(text)
    while len(words) > 1 and text[words[0][0] : words[0][1]].lower() in _HEAD_WORDS:
        words.pop(0)
    every = _words(text)
    words = _densest_window(words, central, shared_keys)
    words = _whole_names(words, every, text)
    words = _phrase_end(words, every, text)
    while len(words) > 1 and _cut_tail(text[words[-1][0] : words[-1][1]]):
        words.pop()
    if not words:
        return text[:80]
    start, end = words[0][0], words[-1][1]
    if end < len(text) and text[end] in _CLOSING_QUOTES and _open_quote(text[start:end]):
        end += 1  # "a 'social drinker'": the quote the label opened closes with it
    return text[start:end]


_CLOSING_QUOTES = "'\"\u2019\u201d"


def _open_quote(label: str) -> bool:
    """True when ``label`` opens a quotation it does not close."""
    curly = label.count("\u201c") > label.count("\u201d")
    straight = label.count('"') % 2 == 1
    single = len(re.findall(r"(?<!\w)['\u2018]", label)) > len(
        re.findall(r"['\u2019](?!\w)", label)
    )
    return curly or straight or single


def _phrase_end(
    words: list[tuple[int, int]], every: list[tuple[int, int]], text: str
) -> list[tuple[int, int]]:
    """Trim a label that stops inside a phrase ("… 75 years of diplomatic" [relations]) back
    to where the text goes on with a clause break or a conjunction, else a function word
    ("… to mark 75 years"), keeping at least ``LABEL_MIN_WORDS`` words."""
    following = {w[0]: n for n, w in enumerate(every)}

    def ends_phrase(k: int, words_after: frozenset[str]) -> bool:
        end = words[k][1]
        n = next((following[x[0]] for x in every if x[0] >= end), None)
        if n is None or _PHRASE_BREAK.search(text, end, every[n][0]):
            return True
        return text[every[n][0] : every[n][1]].lower() in words_after

    if not words or ends_phrase(len(words) - 1, _FUNCTION_WORDS):
        return words
    for words_after in (_CONJUNCTIONS, _FUNCTION_WORDS):
        for k in range(len(words) - 2, LABEL_MIN_WORDS - 2, -1):
            if ends_phrase(k, words_after):
                return words[: k + 1]
    return words


def _cut_tail(word: str) -> bool:
    """A word a label must not end on; a capitalised one ("Phase Two") is part of a name."""
    return word.lower() in _TAIL_WORDS and (word.islower() or word.lower() in _HEAD_WORDS)


def _whole_names(
    words: list[tuple[int, int]], every: list[tuple[int, int]], text: str
) -> list[tuple[int, int]]:
    """Drop a capitalised run at the end that the text continues ("… and Chinese Foreign"
    [Minister Wang Yi]): a label never cuts a name or a title."""
    if not words:
        return words
    after = next((w for w in every if w[0] >= words[-1][1]), None)
    if after is None or not text[after[0]].isupper():
        return words
    cut = list(words)
    while len(cut) > 1 and text[cut[-1][0]].isupper():
        cut.pop()
    return cut if len(cut) > 1 else words


def _densest_window(
    words: list[tuple[int, int]], central: SegmentTerms, shared_keys: set[str]
) -> list[tuple[int, int]]:
    """The run of at most ``LABEL_WORDS`` words holding most shared words (earliest on a tie),
    so that a long clause is labelled by what its sources agree on."""
    if len(words) <= LABEL_WORDS:
        return words
    offset = central.segment.start
    shared_at = {t.start - offset for t in central.content if t.key in shared_keys}
    hits = [1 if w[0] in shared_at else 0 for w in words]
    best_at, best_hits = 0, sum(hits[:LABEL_WORDS])
    if 3 * best_hits >= 2 * sum(hits):
        return words[:LABEL_WORDS]  # the clause's opening says enough: it reads best
    running = best_hits
    for k in range(1, len(words) - LABEL_WORDS + 1):
        running += hits[k + LABEL_WORDS - 1] - hits[k - 1]
        if running > best_hits:
            best_at, best_hits = k, running
    window = words[best_at : best_at + LABEL_WORDS]
    while len(window) > 1 and central.segment.text[window[0][0] : window[0][1]].lower() in (
        _HEAD_WORDS
    ):
        window = window[1:]
    return window
