"""Import many articles at once: a list of URLs, several files, or a ``.zip`` of files.

Invariants: each item is stored in its own transaction (a source with its segments and
search entries, or nothing), so a refusal never leaves half an item and never undoes the
items before it; every item ends as exactly one line of the summary (stored, duplicate or
refused, with the reason); items are processed in the order given.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Literal

from sqlmodel import Session

from app.ingest import HTML_TYPES, TEXT_TYPES
from app.models import SourceMeta
from app.services import imports, sources
from app.services.errors import DuplicateSource, InvalidInput
from app.services.imports import Draft
from app.services.url_fetch import FetchPolicy

MAX_ITEMS = 200
SUFFIXES = {*TEXT_TYPES, *HTML_TYPES}
Outcome = Literal["stored", "duplicate", "refused"]


@dataclass(frozen=True, slots=True)
class ItemResult:
    name: str
    outcome: Outcome
    message: str
    source_id: int | None = None


@dataclass
class Summary:
    items: list[ItemResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)


def split_urls(text: str) -> list[str]:
    """The URLs of a pasted list: one per line (or separated by spaces), blanks skipped."""
    return [word for word in text.split() if word]


def _store(session: Session, dossier_id: int, name: str, draft: Draft) -> ItemResult:
    meta = SourceMeta.model_validate(
        {k: v for k, v in imports.meta_defaults(draft).items() if v not in ("", None)}
    )
    source = imports.save_draft(session, dossier_id, draft, meta)
    return ItemResult(name, "stored", f"stored as {sources.describe(source)}", source.id)


def _attempt(session: Session, dossier_id: int, name: str, make: Callable[[], Draft]) -> ItemResult:
    try:
        draft = make()
        imports.check_not_duplicate(session, dossier_id, draft)
        return _store(session, dossier_id, name, draft)
    except DuplicateSource as exc:
        session.rollback()
        return ItemResult(name, "duplicate", exc.message, exc.existing_id)
    except (InvalidInput, ValueError) as exc:
        session.rollback()
        message = exc.message if isinstance(exc, InvalidInput) else str(exc).splitlines()[0]
        return ItemResult(name, "refused", message)


def import_urls(session: Session, dossier_id: int, urls: list[str], policy: FetchPolicy) -> Summary:
    """Fetch and store each URL; a URL already in the dossier is a duplicate (not fetched)."""
    summary = Summary()
    seen: set[str] = set()
    for url in _capped(urls, summary):
        if url in seen:
            summary.items.append(ItemResult(url, "duplicate", f"{url}: listed twice."))
            continue
        seen.add(url)
        try:
            imports.check_url_not_duplicate(session, dossier_id, url)
        except DuplicateSource as exc:
            summary.items.append(ItemResult(url, "duplicate", exc.message, exc.existing_id))
            continue

        def make(url: str = url) -> Draft:
            return imports.draft_from_url(url, policy)

        summary.items.append(_attempt(session, dossier_id, url, make))
    return summary


def _capped(names: list[str], summary: Summary) -> list[str]:
    if len(names) > MAX_ITEMS:
        extra = len(names) - MAX_ITEMS
        summary.items.append(
            ItemResult(f"{extra} more", "refused", f"only {MAX_ITEMS} items per import.")
        )
    return names[:MAX_ITEMS]


def expand_files(files: list[tuple[str, bytes]], max_bytes: int) -> list[tuple[str, bytes | str]]:
    """Files as given and the supported members of ``.zip`` files; a str is a refusal."""
    out: list[tuple[str, bytes | str]] = []
    for name, data in files:
        if PurePosixPath(name).suffix.lower() != ".zip":
            out.append((name, data))
            continue
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            out.append((name, f"{name}: not a readable .zip file."))
            continue
        with archive:
            out.extend(_members(name, archive, max_bytes))
    return out


def _members(name: str, archive: zipfile.ZipFile, max_bytes: int) -> list[tuple[str, bytes | str]]:
    out: list[tuple[str, bytes | str]] = []
    for info in archive.infolist():
        member = f"{name}/{info.filename}"
        base = PurePosixPath(info.filename)
        if info.is_dir() or base.name.startswith(".") or "__MACOSX" in base.parts:
            continue
        if base.suffix.lower() not in SUFFIXES:
            out.append((member, f"{member}: unsupported file type in the archive."))
        elif info.file_size > max_bytes:
            out.append((member, imports.size_message(info.file_size, max_bytes, member)))
        else:
            # file_size is what the archive claims; read no more than the limit in any case.
            with archive.open(info) as handle:
                out.append((member, handle.read(max_bytes + 1)))
    return out


def import_files(
    session: Session, dossier_id: int, files: list[tuple[str, bytes]], max_bytes: int
) -> Summary:
    """Store each file (``.zip`` files are opened) with what its extraction found."""
    summary = Summary()
    items = expand_files(files, max_bytes)
    for name, data in _capped_items(items, summary):
        if isinstance(data, str):
            summary.items.append(ItemResult(name, "refused", data))
            continue
        filename = PurePosixPath(name).name

        def make(data: bytes = data, filename: str = filename) -> Draft:
            return imports.draft_from_upload(data, filename, "", max_bytes)

        summary.items.append(_attempt(session, dossier_id, name, make))
    return summary


def _capped_items(
    items: list[tuple[str, bytes | str]], summary: Summary
) -> list[tuple[str, bytes | str]]:
    kept = _capped([name for name, _ in items], summary)
    return items[: len(kept)]
