"""Per-process memo of comparison view models and rendered page fragments.

Invariant: a key always contains :attr:`DossierComparison.fingerprint` (content hash plus
every metadata field shown) and the request parameters, so an entry is only ever reused for
a page that would render identically. Pages showing review decisions key on
:attr:`app.services.reviews.ReviewedComparison.fingerprint`, which adds the dossier's decisions
version (count and latest id), so a new or undone decision is never hidden by a stale entry.
Fragments hold no per-user content (no forms, no session data): the page around them is
rendered on every request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

T = TypeVar("T")
SIZE = 512


class _LRU:
    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_views = _LRU(SIZE)
_fragments = _LRU(SIZE)


def memo_view(key: Hashable, build: Callable[[], T]) -> T:
    """The view model for ``key``, built once per process (callers must not mutate it)."""
    value: T = _views.get_or_make(key, build)
    return value


def fragment(request: Request, template: str, key: Hashable, **context: Any) -> Markup:
    """``template`` rendered with ``context``, once per process and ``key``."""

    def render() -> Markup:
        templates: Jinja2Templates = request.app.state.templates
        return Markup(templates.get_template(template).render(**context))

    value: Markup = _fragments.get_or_make((template, key), render)
    return value


def clear() -> None:
    _views.clear()
    _fragments.clear()
