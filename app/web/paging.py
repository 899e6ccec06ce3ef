"""Cutting long lists into numbered parts, so no page grows with the size of its input.

Invariants: parts are numbered from 1; part ``n`` holds items ``(n - 1) * limit`` up to
``n * limit`` (exclusive) of the whole list, so every item is on exactly one part; a part
number past the last is clamped to the last (a link into a source that shrank still opens).
The HTML page and its JSON twin show the same part and carry the same :class:`Pager`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from pydantic import BaseModel, Field

T = TypeVar("T")

SOURCE_PART = 200  # sentences per part of a source page
MATRIX_PAGE = 100  # coverage-matrix rows per page of the dossier overview
COMPARE_PAGE = 200  # side by side: sentences plus aligned pairs per page
PIECE_SIDE = 5  # a longer side-by-side row is cut into rows of this many sentences a side
SEARCH_PAGE = 50  # search hits per page
LIST_PAGE = 100  # trash entries and audit decisions per page
HOME_PAGE = 50  # dossiers per page of the home page
CONFLICTS_SHOWN = 50  # conflicts listed on the overview (the rest: side by side)


class Pager(BaseModel):
    """Where this part sits in the whole list, and the links to its neighbours."""

    part: int = Field(description="this part's number, from 1")
    parts: int = Field(description="how many parts the whole list has (at least 1)")
    total: int = Field(description="how many items the whole list holds")
    limit: int = Field(description="items per part (side by side: the weight budget)")
    first: int = Field(description="index (from 0) of this part's first item in the whole list")
    last: int = Field(description="index (from 0) just past this part's last item")
    prev_url: str | None = Field(description="the previous part, or null on the first")
    next_url: str | None = Field(description="the next part, or null on the last")


def part_count(total: int, limit: int) -> int:
    return max(1, -(-total // limit))


def part_of(index: int, limit: int) -> int:
    """The part (from 1) holding the item at ``index`` (from 0)."""
    return index // limit + 1


def sentence_url(source_id: int, position: int) -> str:
    """The source page at the part holding sentence ``position``, scrolled to it (``#s<n>``);
    part 1 is the bare page, so links into short sources are unchanged."""
    part = part_of(position, SOURCE_PART)
    return f"{with_param(f'/sources/{source_id}', 'part', part)}#s{position}"


def with_param(url: str, name: str, value: int | None) -> str:
    """``url`` with query parameter ``name`` set to ``value`` (dropped when None or 1)."""
    split = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(split.query) if k != name]
    if value is not None and value != 1:
        query.append((name, str(value)))
    tail = f"?{urlencode(query)}" if query else ""
    return f"{split.path}{tail}"


def cut(
    items: Sequence[T], part: int, limit: int, url: str, param: str = "page", anchor: str = ""
) -> tuple[list[T], Pager]:
    """Part ``part`` of ``items`` and its pager; links go to ``url`` with ``param`` set."""
    parts = part_count(len(items), limit)
    part = min(max(1, part), parts)
    first = (part - 1) * limit

    def link(n: int) -> str | None:
        return with_param(url, param, n) + anchor if 1 <= n <= parts else None

    last = min(first + limit, len(items))
    return list(items[first:last]), _pager(part, parts, len(items), limit, first, last, link)


def pager_at(part: int, total: int, shown: int, limit: int, url: str) -> Pager:
    """The pager of part ``part`` of a list of ``total`` items cut ``limit`` a part, when only
    that part (``shown`` items) was fetched; ``part`` must be at most the last part."""
    parts = part_count(total, limit)
    first = (part - 1) * limit

    def link(n: int) -> str | None:
        return with_param(url, "page", n) if 1 <= n <= parts else None

    return _pager(part, parts, total, limit, first, first + shown, link)


def _pager(
    part: int,
    parts: int,
    total: int,
    limit: int,
    first: int,
    last: int,
    link: Callable[[int], str | None],
) -> Pager:
    return Pager(
        part=part,
        parts=parts,
        total=total,
        limit=limit,
        first=first,
        last=last,
        prev_url=link(part - 1),
        next_url=link(part + 1),
    )


def cut_by_weight(
    items: Sequence[T],
    weights: Sequence[int],
    part: int,
    budget: int,
    url: str,
    at: int | None = None,
) -> tuple[list[T], Pager]:
    """Like :func:`cut`, but a part ends before the item that would take its weight past
    ``budget`` (a single item heavier than ``budget`` gets a part of its own); with ``at``
    (an item's index), the part holding that item, whatever ``part`` says."""
    starts = [0]
    weight = 0
    for n, w in enumerate(weights):
        if weight + w > budget and n > starts[-1]:
            starts.append(n)
            weight = 0
        weight += w
    parts = len(starts)
    if at is not None:
        part = sum(1 for start in starts if start <= at)
    part = min(max(1, part), parts)
    first = starts[part - 1]
    last = starts[part] if part < parts else len(items)

    def link(n: int) -> str | None:
        return with_param(url, "page", n) if 1 <= n <= parts else None

    return list(items[first:last]), _pager(part, parts, len(items), budget, first, last, link)
