"""Whole rendered pages kept per web worker, reused until the database's page version moves.

Invariant: an entry is served only for a request that would render the same bytes. Its key
holds the page version (``app.db_page_version``: any committed change to what the page shows,
by any process, moves it; a dossier's pages have their own), the path and query, the format
(HTML or the JSON twin), the htmx headers and the viewer (user, role, personal mode). The one
per-session part of a page, the CSRF token, is rendered as a per-process placeholder and put
in at every answer; middleware adds cookies and security headers afterwards, so nothing of one
visitor reaches another. Only complete 200 answers without cookies or background tasks are
kept; memory is bounded by ``page_cache_mb`` (least recently used first out).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response
from markupsafe import escape
from sqlmodel import Session

from app import db_page_version
from app.web.render import csrf_token, wants_json

PLACEHOLDER = "csrf" + secrets.token_hex(16)
_SKIPPED_HEADERS = {"content-length", "set-cookie"}


@dataclass(frozen=True)
class StoredPage:
    status_code: int
    body: bytes
    headers: tuple[tuple[str, str], ...]


class PageCache:
    """A least-recently-used map of pages, bounded by the bytes of their bodies."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._pages: OrderedDict[Hashable, StoredPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> StoredPage | None:
        with self._lock:
            stored = self._pages.get(key)
            if stored is None:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return stored

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def put(self, key: Hashable, stored: StoredPage) -> None:
        if len(stored.body) > self.max_bytes // 4:
            return  # one page must not push out all the others
        with self._lock:
            old = self._pages.pop(key, None)
            self._bytes += len(stored.body) - (len(old.body) if old else 0)
            self._pages[key] = stored
            while self._bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped.body)


def _viewer(request: Request) -> tuple[object, ...]:
    user = getattr(request.state, "user", None)
    who = (user.id, user.username, user.role.value) if user is not None else None
    return (who, getattr(request.state, "personal_mode", None))


def _key(request: Request, version: tuple[object, ...]) -> tuple[object, ...]:
    htmx = (request.headers.get("hx-request"), request.headers.get("hx-target"))
    url = (request.url.path, request.url.query)
    return (version, url, wants_json(request), htmx, _viewer(request))


def _store(response: Response) -> StoredPage | None:
    body = getattr(response, "body", None)
    cacheable = response.status_code == 200 and response.background is None
    if not cacheable or not isinstance(body, bytes) or "set-cookie" in response.headers:
        return None
    headers = tuple(
        (name, value) for name, value in response.headers.items() if name not in _SKIPPED_HEADERS
    )
    return StoredPage(response.status_code, body, headers)


def _with_token(request: Request, body: bytes) -> bytes:
    """``body`` with this visitor's CSRF token in place of the placeholder."""
    return body.replace(PLACEHOLDER.encode("ascii"), str(escape(csrf_token(request))).encode())


def _answer(request: Request, stored: StoredPage) -> Response:
    return Response(_with_token(request, stored.body), stored.status_code, dict(stored.headers))


def _render_with_placeholder(request: Request, make: Callable[[], Response]) -> Response:
    real = csrf_token(request)
    request.state.csrf_token = PLACEHOLDER
    try:
        return make()
    finally:
        request.state.csrf_token = real


def _version(session: Session, dossier_id: int | None, source_id: int | None) -> tuple[object, ...]:
    """What the page depends on: one dossier's version for its pages, else every write's."""
    conn = session.connection()
    if source_id is not None:
        dossier_id = db_page_version.source_dossier(conn, source_id)
    if dossier_id is not None:
        return ("dossier", dossier_id, *db_page_version.read_dossier(conn, dossier_id))
    return ("all", *db_page_version.read(conn))


def cached_page(
    request: Request,
    session: Session,
    make: Callable[[], Response],
    dossier_id: int | None = None,
    source_id: int | None = None,
) -> Response:
    """The page ``make`` renders, from this worker's cache while its version holds.

    A page of one dossier (``dossier_id``, or the dossier of ``source_id``) shows nothing of
    other dossiers, so it keys on that dossier's version and stays cached while others change;
    any other page keys on the version every write moves."""
    cache: PageCache | None = getattr(request.app.state, "page_cache", None)
    if cache is None or cache.max_bytes <= 0:
        return make()
    key = _key(request, _version(session, dossier_id, source_id))
    stored = cache.get(key)
    if stored is None:
        response = _render_with_placeholder(request, make)
        stored = _store(response)
        if stored is None:
            return _fix_uncached(request, response)
        cache.put(key, stored)
    return _answer(request, stored)


def _fix_uncached(request: Request, response: Response) -> Response:
    """An answer not kept still carries this visitor's own token."""
    body = getattr(response, "body", None)
    if isinstance(body, bytes) and PLACEHOLDER.encode("ascii") in body:
        response.body = _with_token(request, body)
        response.headers["content-length"] = str(len(response.body))
    return response
