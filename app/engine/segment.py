"""Split a news text into segments (sentences, headings, captions, list items) with offsets.

Article furniture is set apart in segments of its own kinds (see ``model.FURNITURE_KINDS``):
bylines ("By our correspondent"), datelines ("ISLAMABAD, Jan 5 (APP):", whose sentence goes
on as a sentence), photo captions and credits ("Photo: ...", "— APP", "- Dawn/ANN"),
timestamps ("Published: January 5, 2026 12:50 PM") and boilerplate ("More to come", share and
subscribe lines). Furniture is never a claim nor a unique fact.

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
_BYLINE = re.compile(
    r"^by\s+(?:(?:our|a|the)\s+(?:own\s+)?(?:staff\s+)?(?:correspondent|reporter|"
    r"staff|special\s+correspondent|news\s+desk|web\s+desk)\b|[A-Z][\w.'\u2019-]*"
    r"(?:\s+(?:[A-Z][\w.'\u2019-]*|and|&|in|,))*\s*(?:$|\||[-\u2013\u2014]|"
    r"(?:published|updated|posted)\b))",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIMESTAMP = re.compile(
    r"^(?:(?:published|updated|posted|last\s+updated|first\s+published)\b[\s:]|"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d{1,2}\s+"
    + _MONTH
    + r"|"
    + _MONTH
    + r"\s+\d{1,2})(?:,?\s+\d{4})?(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?"
    r"(?:\s+[A-Z]{2,4})?)?\s*$|\d+\s+(?:minutes?|hours?|days?)\s+ago\s*$)",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^(?:more\s+to\s+come|share\b|share\s+(?:this|on)\b|subscribe\b|follow\s+us\b|"
    r"sign\s+up\b|read\s+more\b|also\s+read\b|click\s+here\b|advertisement\s*$|"
    r"related(?:\s+stories|\s+articles)?\s*:|copyright\b|\u00a9|all\s+rights\s+reserved)",
    re.IGNORECASE,
)
# A credit alone on a line, or closing one: "— APP", "- Dawn/ANN", "(Reuters)".
_CREDIT_LINE = re.compile(r"^[\u2014\u2013-]\s*[A-Z][\w]*(?:[/ ][A-Z][\w]*){0,2}\s*$")
_TRAILING_CREDIT = re.compile(
    r"(?<=[.!?\u201d\"')])\s+[\u2014\u2013-]\s*[A-Z][A-Z\w]*(?:/[A-Z][\w]*){0,2}\s*$"
)
# "ISLAMABAD, Jan 5 (APP):", "BEIJING (Reuters) -", "ISLAMABAD:": capitals, a date, a credit.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'\u2019-]+(?:\s[A-Z][A-Z.'\u2019-]+){0,2}"
    r"(?:,\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+\.?)(?:,?\s*\d{4})?)?"
    r"(?:\s*\([A-Za-z/ .&]{2,30}\))?\s*(?::|\s[\u2014\u2013-])\s+(?=\S)"
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


_LOOKAHEAD = 80


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
        # Only the next word is read after the dot: a slice to the block's end would copy the
        # rest of a long block at every boundary (quadratic on a 1 MB one-line paste).
        following = block[match.end() : match.end() + _LOOKAHEAD]
        if dotted and _is_abbreviation(block[cut : match.end()], following):
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


def _furniture_kind(block: str) -> SegmentKind | None:
    """The furniture kind of a whole line (byline, timestamp, credit, boilerplate), if any."""
    words = len(block.split())
    if words <= 16 and _BYLINE.match(block) and not _TERMINAL.search(block.rstrip(".")):
        return "byline"
    if words <= 12 and _TIMESTAMP.match(block):
        return "timestamp"
    if words <= 4 and _CREDIT_LINE.match(block):
        return "credit"
    if words <= 20 and _BOILERPLATE.match(block):
        return "boilerplate"
    return None


def _block_kind(block: str) -> SegmentKind | None:
    """The kind of a whole block when it is not running prose (else ``None``)."""
    furniture = _furniture_kind(block)
    if furniture:
        return furniture
    if _BULLET.match(block):
        return "list_item"
    if _CAPTION.search(block) and len(block.split()) <= 40:
        return "caption"
    if not _TERMINAL.search(block) and len(block.split()) <= 20:
        return "heading"
    return None


def _block_segments(text: str, b_start: int, b_end: int) -> list[tuple[int, int, SegmentKind]]:
    """(start, end, kind) of the segments of one block, furniture apart."""
    found: list[tuple[int, int, SegmentKind]] = []
    credit = _TRAILING_CREDIT.search(text, b_start, b_end)
    if credit and (credit.start() == b_start or _furniture_kind(text[b_start:b_end])):
        credit = None
    body_end = credit.start() if credit else b_end
    block = text[b_start:body_end]
    kind = _block_kind(block)
    if kind not in (None, "list_item"):
        found.append((b_start, body_end, kind))
    else:
        marker = _BULLET.match(block) if kind == "list_item" else _NUMBERED.match(block)
        inner_start = b_start + (marker.end() if marker else 0)
        dateline = _DATELINE.match(text, inner_start, body_end) if kind is None else None
        if dateline:
            found.append((inner_start, dateline.end(), "dateline"))
            inner_start = dateline.end()
        for n, (s, e) in enumerate(_sentences(text, inner_start, body_end)):
            seg_kind: SegmentKind = "list_item" if kind == "list_item" and n == 0 else "sentence"
            found.append((s, e, seg_kind))
    if credit:
        found.append((credit.start(), credit.end(), "credit"))
    return found


def segment_text(text: str, source: int = 0) -> tuple[Segment, ...]:
    """Segments of ``text`` in order; offsets index ``text`` exactly as given."""
    found: list[tuple[int, int, SegmentKind]] = []
    for b_start, b_end in _blocks(text):
        found.extend(_block_segments(text, b_start, b_end))
    segments: list[Segment] = []
    for s, e, kind in found:
        s, e = _trimmed(text, s, e)
        if e > s and _ALNUM.search(text, s, e):
            segments.append(Segment(source, len(segments), s, e, kind, text[s:e]))
    return tuple(segments)
