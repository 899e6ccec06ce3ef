"""View models of the search page and of its JSON twin ``/search.json``."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape
from pydantic import BaseModel, Field

from app.services.search import SearchHit, SearchResults
from app.web.paging import Pager, sentence_url


class SnippetPartView(BaseModel):
    text: str = Field(description="Plain text of the source (not HTML)")
    hit: bool = Field(description="True when this part matches the query")


class SearchHitView(BaseModel):
    kind: str = Field(description="'source' or 'claim'")
    id: int = Field(description="Source id, or claim-group id within its dossier")
    label: str
    dossier_id: int
    dossier_title: str
    outlet: str
    published_date: date | None
    snippet: list[SnippetPartView]
    snippet_html: str = Field(description="The snippet as escaped HTML with <mark> around hits")
    url: str
    position: int | None = Field(
        default=None, description="the source's first sentence with a match (its #s anchor)"
    )
    rank: float = Field(
        description=(
            "lower is better: bm25 (SQLite) or minus ts_rank (PostgreSQL) of the source's "
            "word keys, 0 for a source not yet indexed"
        )
    )


class DossierChoice(BaseModel):
    id: int
    title: str


class SearchView(BaseModel):
    query: str
    dossier_id: int | None
    outlet: str
    date_from: date | None
    date_to: date | None
    backend: str = Field(description="'fts' (SQLite FTS5) or 'like' (portable fallback)")
    terms: list[str] = Field(description="The words and phrases searched for")
    count: int = Field(description="how many hits there are in all (every page says the same)")
    count_exact: bool = Field(
        default=True,
        description=(
            "false when `count` is an estimate: a quoted phrase's word order is checked on the "
            "hits shown and their neighbours only (the page says 'about')"
        ),
    )
    hits: list[SearchHitView]
    pager: Pager | None = Field(default=None, description="which hits this page holds (`page`)")
    dossiers: list[DossierChoice]
    outlets: list[str] = Field(default_factory=list, description="The outlets that exist")
    notes: list[str] = Field(default_factory=list, description="Ignored or invalid inputs")


def snippet_html(hit: SearchHit) -> str:
    """Each part escaped; hits wrapped in ``<mark>`` (the only markup in the result)."""
    return str(
        Markup("").join(
            Markup("<mark>{}</mark>").format(p.text) if p.hit else escape(p.text)
            for p in hit.snippet
        )
    )


def hit_url(hit: SearchHit) -> str:
    """A source hit opens the source at its sentence (``#s<position>``, highlighted there)."""
    if hit.kind == "source":
        if hit.position is None:
            return f"/sources/{hit.ref_id}"
        return sentence_url(hit.ref_id, hit.position)
    return f"/dossiers/{hit.dossier_id}#claim-{hit.ref_id}"


def hit_view(hit: SearchHit) -> SearchHitView:
    return SearchHitView(
        kind=hit.kind,
        id=hit.ref_id,
        label=hit.label,
        dossier_id=hit.dossier_id,
        dossier_title=hit.dossier_title,
        outlet=hit.outlet,
        published_date=hit.published_date,
        snippet=[SnippetPartView(text=p.text, hit=p.hit) for p in hit.snippet],
        snippet_html=snippet_html(hit),
        url=hit_url(hit),
        position=hit.position,
        rank=round(hit.rank, 6),
    )


def search_view(
    results: SearchResults,
    *,
    dossier_id: int | None,
    outlet: str,
    date_from: date | None,
    date_to: date | None,
    dossiers: list[tuple[int, str]],
    notes: list[str],
    outlets: list[str] | None = None,
) -> SearchView:
    return SearchView(
        query=results.query,
        dossier_id=dossier_id,
        outlet=outlet,
        date_from=date_from,
        date_to=date_to,
        backend=results.backend,
        terms=list(results.terms),
        count=results.total,
        count_exact=results.exact,
        hits=[hit_view(h) for h in results.hits],
        dossiers=[DossierChoice(id=i, title=t) for i, t in dossiers],
        outlets=outlets or [],
        notes=notes,
    )
