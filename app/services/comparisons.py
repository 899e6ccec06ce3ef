"""The comparison of a dossier, computed once per content and reused.

Invariants:
- the *input hash* of a dossier is the SHA-256 over the engine version and the ordered list
  of (source id, SHA-256 of the text) of its sources (ordered by id), hashed from the text
  itself so that no stale stored digest can hide an edit;
- a stored :class:`~app.models.ComparisonRun` is used exactly when its hash equals the
  dossier's current hash; otherwise the engine runs, the new run replaces the dossier's old
  runs and the transaction commits. Reading a dossier whose content did not change never
  runs the engine;
- engine source index ``k`` is the ``k``-th source of the dossier ordered by id;
- parsed results are memoised in-process by (database, dossier, input hash) and used only
  while that run is still stored (one indexed query), so a content that comes back (a
  source deleted after an import) is stored again; a hit costs no engine run and no parsing.
  The key is computed from the rows each request reads, never invalidated by a hook of the
  writing process, so a change made by another web process or worker shows at once (the
  stored runs themselves are shared by every process: the cache is the database);
- when the database has a runner (:mod:`app.services.comparison_worker`: a worker thread, or
  ``communique worker`` processes), a miss
  never runs the engine in the request: it queues a job and answers with the latest stored
  run for the sources it compared, ``stale=True`` (or, when there is none, the sources'
  segments with nothing compared yet).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, delete, select

from app import db
from app.engine import ENGINE_VERSION, compare, segment_text
from app.engine.jsonout import to_json_dict
from app.models import ComparisonRun, Dossier, Source
from app.services import comparison_worker, dossiers, sources
from app.services.comparison_analysis import Analysis, analyse

MEMO_SIZE = 64


@dataclass(frozen=True, slots=True)
class DossierComparison:
    """A dossier, its sources (engine order) and the analysis of their comparison."""

    dossier: Dossier
    sources: list[Source]
    input_hash: str
    analysis: Analysis
    # True while the shown result is not that of the current content (a job is bringing it
    # up to date, or failed to): pages say so.
    stale: bool = False

    @property
    def fingerprint(self) -> tuple[object, ...]:
        """Everything a page of this dossier shows: content hash plus every metadata field.

        Two comparisons with equal fingerprints render identically (used to memoise views).
        """
        d = self.dossier
        meta = tuple(
            (
                s.id,
                s.title,
                s.outlet,
                s.url,
                s.published_date,
                s.author,
                s.language,
                s.role,
                s.filename,
                s.media_type,
                s.created_at,
                s.updated_at,
            )
            for s in self.sources
        )
        return (
            self.input_hash,
            self.stale,
            d.id,
            d.title,
            d.description,
            d.event_date,
            d.created_at,
            d.updated_at,
            meta,
        )

    def index_of(self, source_id: int) -> int | None:
        for n, source in enumerate(self.sources):
            if source.id == source_id:
                return n
        return None


class _Memo:
    """A small thread-safe LRU of parsed analyses keyed by input hash."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, Analysis] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Analysis | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, value: Analysis) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_memo = _Memo(MEMO_SIZE)


def input_hash(rows: Sequence[Source]) -> str:
    """SHA-256 over the engine version and the ordered (id, text SHA-256) of ``rows``."""
    return hash_of_digests(
        (source.id, hashlib.sha256(source.text.encode("utf-8")).hexdigest()) for source in rows
    )


def hash_of_digests(pairs: Iterable[tuple[int | None, str]]) -> str:
    """:func:`input_hash` from ordered (source id, text SHA-256) pairs, e.g. the stored
    ``Source.sha256`` column, without loading the texts."""
    digest = hashlib.sha256(ENGINE_VERSION.encode("utf-8"))
    for source_id, text_digest in pairs:
        digest.update(f"\n{source_id}:{text_digest}".encode())
    return digest.hexdigest()


def run_engine(texts: Sequence[str], names: Sequence[str]) -> dict[str, Any]:
    """The engine's JSON document for ``texts``; the one place this module calls the engine.

    Fewer than two texts cannot be compared: the document then lists their segments with
    no alignments, groups, unique spans or conflicts.
    """
    if len(texts) >= 2:
        return to_json_dict(compare(list(texts)), list(names))
    return segments_only(texts, names)


def segments_only(texts: Sequence[str], names: Sequence[str]) -> dict[str, Any]:
    """A document with the texts' segments and nothing compared (no alignments, groups...)."""
    return {
        "engine_version": ENGINE_VERSION,
        "sources": [
            {"index": n, "name": names[n], "segments": [_segment(s) for s in segment_text(t, n)]}
            for n, t in enumerate(texts)
        ],
        "alignments": [],
        "groups": [],
        "unique": [],
        "diffs": [],
        "conflicts": [],
    }


def _segment(seg: Any) -> dict[str, Any]:
    return {
        "index": seg.index,
        "start": seg.start,
        "end": seg.end,
        "kind": seg.kind,
        "text": seg.text,
    }


def _stored(session: Session, dossier_id: int, digest: str) -> ComparisonRun | None:
    return session.exec(
        select(ComparisonRun).where(
            ComparisonRun.dossier_id == dossier_id, ComparisonRun.input_hash == digest
        )
    ).first()


def _is_stored(session: Session, dossier_id: int, digest: str) -> bool:
    found = session.exec(
        select(col(ComparisonRun.id)).where(
            ComparisonRun.dossier_id == dossier_id, ComparisonRun.input_hash == digest
        )
    ).first()
    return found is not None


def _compute(session: Session, dossier_id: int, rows: list[Source], digest: str) -> Analysis:
    """Run the engine, replace the dossier's stored runs with the new one, and commit."""
    texts, labels = [s.text for s in rows], [sources.label(s) for s in rows]
    # End the read transaction first: the engine may run for a while, and holding a pooled
    # connection (and a WAL snapshot) that long starves concurrent requests.
    session.commit()
    document = run_engine(texts, labels)
    session.exec(delete(ComparisonRun).where(col(ComparisonRun.dossier_id) == dossier_id))
    session.add(
        ComparisonRun(
            dossier_id=dossier_id,
            input_hash=digest,
            engine_version=ENGINE_VERSION,
            result=json.dumps(document, ensure_ascii=False),
            source_ids=json.dumps([s.id for s in rows]),
        )
    )
    _index_claims(session, dossier_id, document)
    session.commit()
    analysis = analyse(document)
    _memo.put(_memo_key(session, dossier_id, digest), analysis)
    return analysis


def _index_claims(session: Session, dossier_id: int, document: dict[str, Any]) -> None:
    """Put the run's claim-group labels (and member texts) in the search index."""
    conn = session.connection()
    if not db.has_search_index(conn):
        return
    claims = [
        (int(g["id"]), str(g["label"]), " ".join(str(m["text"]) for m in g["members"]))
        for g in document.get("groups", [])
    ]
    db.index_claims(conn, dossier_id, claims)


def _memo_key(session: Session, dossier_id: int, digest: str) -> str:
    """Memo entries are per database and dossier, so a fresh database never sees another's."""
    return f"{session.get_bind().engine.url}|{dossier_id}|{digest}"


def _cached(session: Session, dossier_id: int, digest: str) -> Analysis | None:
    key = _memo_key(session, dossier_id, digest)
    memo = _memo.get(key)
    if memo is not None and _is_stored(session, dossier_id, digest):
        return memo
    run = _stored(session, dossier_id, digest)
    if run is None:
        return None
    analysis = analyse(json.loads(run.result))
    _memo.put(key, analysis)
    return analysis


def dossier_comparison(
    session: Session, dossier_id: int, *, showing: Sequence[int] = ()
) -> DossierComparison:
    """The dossier's comparison: from the cache when its content is unchanged, else computed.

    With a background runner, a miss queues a job and returns a stale comparison instead;
    ``showing`` names sources the caller must find in it (a stale run that predates one of
    them is then not used). Raises :class:`~app.services.errors.NotFound` when the dossier
    does not exist.
    """
    dossier = dossiers.get_dossier(session, dossier_id)
    rows = sources.list_sources(session, dossier_id)
    digest = input_hash(rows)
    analysis = _cached(session, dossier_id, digest)
    if analysis is not None:
        return DossierComparison(dossier, rows, digest, analysis)
    if comparison_worker.runner_for(session.get_bind().engine) is None:
        analysis = _compute(session, dossier_id, rows, digest)
        return DossierComparison(dossier, rows, digest, analysis)
    from app.services import comparison_jobs  # noqa: PLC0415  (it builds on this module)

    comparison_jobs.ensure_job(session, dossier_id, digest)
    return _stale(session, dossier, rows, digest, showing)


def compute_now(session: Session, dossier_id: int) -> str:
    """Bring the stored comparison up to date in this thread (the worker's step); commits.

    Returns the input hash it compared.
    """
    rows = sources.list_sources(session, dossier_id)
    digest = input_hash(rows)
    if _cached(session, dossier_id, digest) is None:
        _compute(session, dossier_id, rows, digest)
    return digest


def _stale(
    session: Session,
    dossier: Dossier,
    rows: list[Source],
    digest: str,
    showing: Sequence[int],
) -> DossierComparison:
    """The latest stored run with the sources it compared, else the sources uncompared."""
    assert dossier.id is not None
    run = session.exec(
        select(ComparisonRun)
        .where(ComparisonRun.dossier_id == dossier.id)
        .order_by(col(ComparisonRun.id).desc())
    ).first()
    ids: list[int] = json.loads(run.source_ids) if run is not None and run.source_ids else []
    live = {s.id for s in rows}
    # A run that compared a source since deleted (or trashed) would show it again: the
    # sources are then listed uncompared until the new comparison is done.
    if run is not None and ids and all(i in ids for i in showing) and set(ids) <= live:
        by_id = {s.id: s for s in session.exec(select(Source).where(col(Source.id).in_(ids)))}
        if all(i in by_id for i in ids):
            analysis = _cached(session, dossier.id, run.input_hash)
            if analysis is not None:
                old = [by_id[i] for i in ids]
                return DossierComparison(dossier, old, run.input_hash, analysis, stale=True)
    document = segments_only([s.text for s in rows], [sources.label(s) for s in rows])
    return DossierComparison(dossier, rows, digest, analyse(document), stale=True)


def refresh(session: Session, dossier_id: int) -> DossierComparison:
    """Bring the stored comparison up to date (right after an import): now, or in a job."""
    return dossier_comparison(session, dossier_id)


def clear_memo() -> None:
    """Forget the in-process memo (tests; the database cache is untouched)."""
    _memo.clear()
