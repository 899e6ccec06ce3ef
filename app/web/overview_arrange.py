"""Sorting the dossier's sources table and filtering its coverage matrix.

Invariants: sorting only reorders the sources table (ties keep the dossier's order, rows
without a value go last whichever the direction); a matrix filter only hides rows, never
changes them, and the columns stay in the dossier's order so cells line up with headers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal
from urllib.parse import urlencode

from pydantic import BaseModel, Field

from app.web.compare_views import MatrixRow, MatrixSort, OverviewSource, OverviewView
from app.web.paging import MATRIX_PAGE, Pager, cut

SourceSort = Literal["added", "source", "outlet", "title", "published", "role", "claims", "unique"]
MatrixShow = Literal["all", "shared", "unique"]
COLUMNS: dict[SourceSort, str] = {
    "source": "Source",
    "outlet": "Outlet",
    "title": "Title",
    "published": "Published",
    "role": "Role",
    "claims": "Claims",
    "unique": "Unique facts",
}
SHOW_LABELS: dict[MatrixShow, str] = {
    "all": "All claims",
    "shared": "Shared only",
    "unique": "Unique only",
}
Value = str | int | date | None
KEYS: dict[SourceSort, Callable[[OverviewSource], Value]] = {
    "source": lambda s: s.label.casefold(),
    "outlet": lambda s: s.source.outlet.casefold() or None,
    "title": lambda s: s.source.title.casefold() or None,
    "published": lambda s: s.source.published_date,
    "role": lambda s: s.source.role.value,
    "claims": lambda s: s.claim_count,
    "unique": lambda s: s.unique_count,
}


class Arrangement(BaseModel):
    """How the overview is shown: table sort, matrix sort and matrix filter."""

    by: SourceSort = "added"
    desc: bool = False
    sort: MatrixSort = "coverage"
    show: MatrixShow = "all"
    source: int | None = None

    def url(self, base: str, **changes: object) -> str:
        state = self.model_copy(update=changes)
        query = {
            "by": state.by if state.by != "added" else None,
            "desc": "1" if state.desc else None,
            "sort": state.sort,
            "show": state.show if state.show != "all" else None,
            "source": state.source,
        }
        kept = {k: v for k, v in query.items() if v is not None}
        return f"{base}?{urlencode(kept)}" if kept else base


class ColumnLink(BaseModel):
    name: SourceSort
    label: str
    url: str
    aria_sort: Literal["ascending", "descending", "none"]


class MatrixFilterLink(BaseModel):
    label: str
    url: str
    active: bool


class ArrangedOverview(OverviewView):
    arrangement: Arrangement
    matrix_sources: list[OverviewSource]  # the matrix's columns: always the dossier's order
    columns: list[ColumnLink]
    matrix_filters: list[MatrixFilterLink]
    source_filters: list[MatrixFilterLink]
    sort_urls: dict[str, str]
    every_source_url: str
    claims_total: int
    matrix_pager: Pager = Field(description="which of the filtered rows `claims` holds (`page`)")


def _sorted_sources(
    items: list[OverviewSource], by: SourceSort, desc: bool
) -> list[OverviewSource]:
    if by == "added":
        return list(reversed(items)) if desc else list(items)
    key = KEYS[by]
    present = [s for s in items if key(s) is not None]
    missing = [s for s in items if key(s) is None]
    present.sort(key=lambda s: key(s), reverse=desc)  # type: ignore[arg-type, return-value]
    return present + missing


def _keep(row: MatrixRow, a: Arrangement) -> bool:
    if a.show == "shared" and row.source_count < 2:
        return False
    if a.show == "unique" and row.only_in is None:
        return False
    if a.source is not None:
        return any(c.reported and c.source_id == a.source for c in row.cells)
    return True


def _columns(a: Arrangement, base: str) -> list[ColumnLink]:
    out = []
    for name, label in COLUMNS.items():
        active = a.by == name
        # A click on the active column turns its direction round; a new column starts ascending.
        url = a.url(base, by=name, desc=not a.desc if active else False) + "#sources-h"
        state = ("descending" if a.desc else "ascending") if active else "none"
        out.append(ColumnLink(name=name, label=label, url=url, aria_sort=state))
    return out


def arrange(view: OverviewView, a: Arrangement, page: int = 1) -> ArrangedOverview:
    """``view`` with its sources sorted and its matrix rows filtered as ``a`` says, cut to
    page ``page`` of :data:`MATRIX_PAGE` rows."""
    base = view.url
    ids = {s.source.id for s in view.sources}
    source = a.source if a.source in ids else None
    a = a.model_copy(update={"source": source})
    kept = [r for r in view.claims if _keep(r, a)]
    rows, pager = cut(kept, page, MATRIX_PAGE, a.url(base), anchor="#matrix-h")
    # Fields are passed as they are (no dump and re-validation of thousands of rows).
    data = {name: getattr(view, name) for name in OverviewView.model_fields}
    data.update(
        sources=_sorted_sources(view.sources, a.by, a.desc),
        matrix_sources=view.sources,
        claims=rows,
        matrix_pager=pager,
        arrangement=a,
        columns=_columns(a, base),
        matrix_filters=[
            MatrixFilterLink(
                label=label, url=a.url(base, show=name) + "#matrix-h", active=a.show == name
            )
            for name, label in SHOW_LABELS.items()
        ],
        source_filters=[
            MatrixFilterLink(
                label=s.label,
                url=a.url(base, source=s.source.id) + "#matrix-h",
                active=s.source.id == source,
            )
            for s in view.sources
        ],
        sort_urls={n: a.url(base, sort=n) + "#matrix-h" for n in ("coverage", "order")},
        every_source_url=a.url(base, source=None) + "#matrix-h",
        claims_total=len(view.claims),
    )
    return ArrangedOverview(**data)
