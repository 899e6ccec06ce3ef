"""Split a news text into segments (sentences, headings, captions, list items) with offsets.

Invariants of :func:`segment_text`:
- segments are in text order, do not overlap, and each has ``0 <= start < end <= len(text)``;
- ``segment.text == text[segment.start:segment.end]`` with no leading/trailing whitespace;
- every segment contains at least one letter or digit;
- the text is never modified (no newline translation, no normalisation).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.engine.model import Segment, SegmentKind

_ABBREVIATION_LIST = """
    mr mrs ms dr prof gen col lt sgt capt cmdr adm maj gov sen rep rev st sr jr messrs hon
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    no nos vol fig inc ltd co corp bros dept est approx vs etc al ave blvd mt ft pp op cf
    e.g i.e a.m p.m u.s u.k u.n u.s.a h.e e.u"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())
# After a dotted acronym ("U.S.") only a clear sentence opener starts a new sentence.
_OPENER_LIST = """
    the a an he she it they we i in on at but and this that these those there his her their
    its our however meanwhile after before when while officials"""
_OPENERS = frozenset(_OPENER_LIST.split())
_BOUNDARY = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_BULLET = re.compile(r"^(?:[-*\u2022\u00b7\u25aa\u25cf\u2013\u2014]|\(?[a-z0-9]{1,3}\))\s+")
_NUMBERED = re.compile(r"^\d{1,3}\.\s+(?=\S)")
_CAPTION = re.compile(
    r"^(?:photo|image|picture|file photo|caption|video)\b|\((?:photo|file)\b", re.IGNORECASE
)
_TERMINAL = re.compile(r"[.!?\u2026:;][\"'\u201d\u2019)\]]*$")
_ALNUM = re.compile(r"\w")
_LAST_WORD = re.compile(r"([\w.]+)[.!?\u2026]+[\"'\u201d\u2019)\]]*$")


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Non-blank lines as (start, end) of their stripped content."""
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Lines of text as (start, end), joining a hard-wrapped line to its lowercase continuation."""
    current: tuple[int, int] | None = None
    for start, end in _lines(text):
        if current is not None:
            joined = not _TERMINAL.search(text, current[0], current[1]) and text[start].islower()
            blank_between = "\n" in text[current[1] : start].replace("\n", "", 1)
            if joined and not blank_between:
                current = (current[0], end)
                continue
            yield current
        current = (start, end)
    if current is not None:
        yield current


def _is_abbreviation(sentence_so_far: str, following: str) -> bool:
    """True when the dot ending ``sentence_so_far`` belongs to an abbreviation or initial."""
    match = _LAST_WORD.search(sentence_so_far[-64:])  # the tail: no rescan of long blocks
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if len(word) == 1 and word.isalpha():
        return True
    if word not in _ABBREVIATIONS:
        return False
    if "." in word:
        next_word = re.match(r"\W*(\w+)", following)
        return not (next_word and next_word.group(1).lower() in _OPENERS)
    return True


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans inside one block."""
    block = text[start:end]
    cut = 0
    for match in _BOUNDARY.finditer(block):
        if match.end() - cut < 2:
            continue
        dotted = "." in (block[match.end() - 1], block[match.start()])
        if dotted and _is_abbreviation(block[cut : match.end()], block[match.end() :]):
            continue
        yield start + cut, start + match.end()
        cut = match.end()
    yield start + cut, end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _block_kind(block: str) -> SegmentKind | None:
    """The kind of a whole block when it is not running prose (else ``None``)."""
    if _BULLET.match(block):
        return "list_item"
    if _CAPTION.search(block) and len(block.split()) <= 40:
        return "caption"
    if not _TERMINAL.search(block) and len(block.split()) <= 20:
        return "heading"
    return None


def segment_text(text: str, source: int = 0) -> tuple[Segment, ...]:
    """Segments of ``text`` in order; offsets index ``text`` exactly as given."""
    found: list[tuple[int, int, SegmentKind]] = []
    for b_start, b_end in _blocks(text):
        kind = _block_kind(text[b_start:b_end])
        if kind in ("heading", "caption"):
            found.append((b_start, b_end, kind))
            continue
        block = text[b_start:b_end]
        marker = _BULLET.match(block) if kind == "list_item" else _NUMBERED.match(block)
        inner_start = b_start + (marker.end() if marker else 0)
        for n, (s, e) in enumerate(_sentences(text, inner_start, b_end)):
            seg_kind: SegmentKind = "list_item" if kind == "list_item" and n == 0 else "sentence"
            found.append((s, e, seg_kind))
    segments: list[Segment] = []
    for s, e, kind in found:
        s, e = _trimmed(text, s, e)
        if e > s and _ALNUM.search(text, s, e):
            segments.append(Segment(source, len(segments), s, e, kind, text[s:e]))
    return tuple(segments)
