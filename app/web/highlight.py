"""Server-side highlighting: cut a text at span boundaries and wrap marked pieces, escaped.

Invariants of :func:`highlight_pieces` / :func:`highlight`:
- the visible text of the output equals ``text`` exactly (pieces concatenate to it);
- every character of ``text`` is HTML-escaped: article text never becomes markup;
- overlapping spans are allowed: a piece carries the classes of every span covering it
  (sorted, deduplicated), so nesting is never needed;
- spans are clipped to the text; empty or out-of-range spans are ignored;
- class names are escaped too, so only ``<mark class="...">`` elements are ever produced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

HighlightSpan = tuple[int, int, str]


def _boundaries(length: int, spans: Sequence[HighlightSpan]) -> list[int]:
    cuts = {0, length}
    for start, end, _ in spans:
        cuts.add(min(max(start, 0), length))
        cuts.add(min(max(end, 0), length))
    return sorted(cuts)


def _classes_at(start: int, end: int, spans: Sequence[HighlightSpan]) -> list[str]:
    return sorted({css for s, e, css in spans if s <= start and end <= e and s < e})


def highlight_pieces(text: str, spans: Iterable[HighlightSpan], offset: int = 0) -> list[Markup]:
    """``text`` as escaped pieces; ``spans`` are (start, end, css class) in ``offset`` coordinates.

    ``offset`` is subtracted from every span first, so spans given as indices into a whole
    source text can highlight one of its segments (``text == source[offset:offset+len]``).
    """
    local = [(s - offset, e - offset, css) for s, e, css in spans if e - offset > 0]
    local = [(s, e, css) for s, e, css in local if s < len(text) and s < e]
    cuts = _boundaries(len(text), local)
    pieces: list[Markup] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start == end:
            continue
        chunk = escape(text[start:end])
        classes = _classes_at(start, end, local)
        if classes:
            pieces.append(Markup('<mark class="{}">{}</mark>').format(" ".join(classes), chunk))
        else:
            pieces.append(Markup(chunk))
    return pieces


def highlight(text: str, spans: Iterable[HighlightSpan], offset: int = 0) -> Markup:
    """The pieces of :func:`highlight_pieces` joined into one safe string."""
    return Markup("").join(highlight_pieces(text, spans, offset))
