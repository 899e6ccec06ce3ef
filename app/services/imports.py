"""Import an article into a dossier in two steps: a draft (extracted, not stored) and a save.

A draft is rebuilt from the original bytes at every step, so what is stored is always what
the extraction produced from those bytes: a browser carries the bytes between the preview and
the save step (base64 in a hidden field), never a text it could have altered on the way.
"""

from __future__ import annotations

import base64
import binascii
import logging
import math
import zlib
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from sqlmodel import Session, select

from app.engine.segment import segment_text
from app.ids import parse_id
from app.ingest import IngestError, decode_text, extract_upload, require_text
from app.models import Source, SourceCreate, SourceMeta
from app.services import (
    comparison_jobs,
    comparison_worker,
    comparisons,
    paste_meta,
    sources,
    url_fetch,
)
from app.services.errors import DuplicateSource, InvalidInput

log = logging.getLogger("communique.imports")


class Origin(StrEnum):
    paste = "paste"
    upload = "upload"
    url = "url"


@dataclass(frozen=True, slots=True)
class Draft:
    """An extracted article, ready to be shown for review and then stored."""

    origin: Origin
    original: bytes
    text: str
    media_type: str
    filename: str = ""
    title: str = ""
    author: str = ""
    published_date: date | None = None
    outlet: str = ""
    url: str = ""

    @property
    def carried(self) -> str:
        """The original bytes for a hidden form field: zlib-compressed, then base64.

        Compressed so that carrying the article back does not make the save request much
        larger than the upload was (text compresses to a third or less; base64 adds a third).
        """
        return base64.b64encode(zlib.compress(self.original, 6)).decode("ascii")

    @property
    def sentence_count(self) -> int:
        return len(segment_text(self.text))


def size_message(size: int, max_bytes: int, what: str = "The upload") -> str:
    return (
        f"{what} is {size:,} bytes; the limit is {max_bytes:,} bytes "
        f"({max_bytes // 1024:,} KiB). Split the article or shorten it."
    )


def request_limit(max_bytes: int) -> int:
    """Largest request body accepted: the save step carries the original base64-encoded."""
    return math.ceil(max_bytes / 3) * 4 + 64 * 1024


def check_declared_length(content_length: str | None, max_bytes: int) -> None:
    """Refuse early (before reading the body) when the declared size is already too large."""
    if content_length is None:
        return
    size = parse_id(content_length.strip())
    if size is None:
        raise InvalidInput("The request has an invalid Content-Length header.", 400)
    if size > request_limit(max_bytes):
        raise InvalidInput(size_message(size, max_bytes), 413)


def _refuse(exc: IngestError) -> InvalidInput:
    return InvalidInput(exc.message, exc.status)


def normalize_newlines(text: str) -> str:
    """Browsers send a textarea's line breaks as CRLF; the person typed plain line breaks."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def draft_from_text(text: str, max_bytes: int) -> Draft:
    """A pasted text: stored exactly as given (after line-break normalisation); its headline
    line and a date near the top are proposed as title and date (:mod:`paste_meta`)."""
    text = normalize_newlines(text)
    data = text.encode("utf-8")
    if len(data) > max_bytes:
        raise InvalidInput(size_message(len(data), max_bytes, "The pasted text"), 413)
    try:
        require_text(text, "The pasted text")
    except IngestError as exc:
        raise _refuse(exc) from exc
    return Draft(
        origin=Origin.paste,
        original=data,
        text=text,
        media_type="text/plain",
        title=paste_meta.headline(text),
        published_date=paste_meta.found_date(text),
    )


def draft_from_upload(data: bytes, filename: str, declared_type: str, max_bytes: int) -> Draft:
    """An uploaded file: size, type and encoding checked, HTML reduced to its main text."""
    try:
        extracted = extract_upload(data, filename, declared_type, max_bytes)
    except IngestError as exc:
        raise _refuse(exc) from exc
    return Draft(
        origin=Origin.upload,
        original=data,
        text=extracted.text,
        media_type=extracted.media_type,
        filename=filename,
        title=extracted.title,
        author=extracted.author,
        published_date=extracted.published_date,
        outlet=extracted.outlet,
    )


def draft_from_url(url: str, policy: url_fetch.FetchPolicy) -> Draft:
    """The page at ``url``, fetched (see :mod:`app.services.url_fetch`) and extracted."""
    fetched = url_fetch.fetch(url, policy)
    try:
        draft = draft_from_upload(fetched.data, "", fetched.media_type, policy.max_bytes)
    except InvalidInput as exc:
        raise InvalidInput(f"{url}: {exc.message}", exc.status) from exc
    return replace(draft, origin=Origin.url, url=url.strip())


def check_url_not_duplicate(session: Session, dossier_id: int, url: str) -> None:
    """Raise :class:`DuplicateSource` when a source of the dossier has this URL."""
    existing = session.exec(
        select(Source).where(Source.dossier_id == dossier_id, Source.url == url.strip())
    ).first()
    if existing is not None:
        raise DuplicateSource(
            f"{url}: already in the dossier as {sources.describe(existing)}.", existing.id or 0
        )


def _uncarry(carried: str, max_bytes: int) -> bytes:
    """Inverse of :attr:`Draft.carried`, never inflating past ``max_bytes + 1`` bytes."""
    inflater = zlib.decompressobj()
    data = inflater.decompress(base64.b64decode(carried, validate=True), max_bytes + 1)
    if not inflater.eof and len(data) <= max_bytes:
        raise ValueError("truncated")
    return data


def draft_from_carried(
    origin: str, carried: str, filename: str, media_type: str, max_bytes: int
) -> Draft:
    """Rebuild the draft of the preview step from the bytes the form carried back."""
    try:
        data = _uncarry(carried, max_bytes)
    except (binascii.Error, zlib.error, ValueError) as exc:
        raise InvalidInput(
            "The form lost the article on the way (its hidden copy is damaged); "
            "start the import again.",
            400,
        ) from exc
    if origin == Origin.upload:
        return draft_from_upload(data, filename, media_type, max_bytes)
    if origin == Origin.url:
        return replace(draft_from_upload(data, "", media_type, max_bytes), origin=Origin.url)
    if origin != Origin.paste:
        raise InvalidInput("The form does not say whether the text was pasted or uploaded.", 400)
    try:
        text = decode_text(data, "The pasted text")
    except IngestError as exc:
        raise _refuse(exc) from exc
    return draft_from_text(text, max_bytes)


def check_not_duplicate(session: Session, dossier_id: int, draft: Draft) -> None:
    """Raise :class:`DuplicateSource` early, at the preview, when the text is already there."""
    existing = sources.find_duplicate(session, dossier_id, sources.text_sha256(draft.text))
    if existing is not None:
        raise DuplicateSource(
            f"This text is already in the dossier as {sources.describe(existing)}.",
            existing.id or 0,
        )


def save_draft(session: Session, dossier_id: int, draft: Draft, meta: SourceMeta) -> Source:
    """Store the draft with ``meta`` (one transaction), then recompute the dossier's comparison."""
    data = SourceCreate.model_validate(
        {
            **meta.model_dump(),
            "text": draft.text,
            "original": draft.original,
            "media_type": draft.media_type,
            "filename": draft.filename,
        }
    )
    source = sources.import_source(session, dossier_id, data)
    refresh_comparison(session, dossier_id)
    return source


def refresh_comparison(session: Session, dossier_id: int) -> None:
    """Bring the dossier's comparison up to date after a change (after the change committed):
    with a background worker, make sure a job is queued; without one, compare now.

    The cache is keyed by a hash of the inputs, so should this fail, the pages recompute it
    on their next visit: the change itself is already safely stored.
    """
    try:
        if comparison_worker.runner_for(session.get_bind().engine) is None:
            comparisons.refresh(session, dossier_id)
            return
        # Only the job: building the stale comparison that refresh() returns (re-segmenting
        # every text of the dossier) cost half of each import's time in a bulk import.
        digest = comparisons.hash_of_digests(sources.text_digests(session, dossier_id))
        comparison_jobs.ensure_job(session, dossier_id, digest)
    except Exception:  # the stored change stands; the stale cache is detected by its hash
        session.rollback()
        log.exception("recomputing the comparison of dossier %s failed", dossier_id)


def meta_defaults(draft: Draft) -> dict[str, Any]:
    """Metadata the extraction found, to prefill the preview form."""
    return {
        "title": draft.title,
        "outlet": draft.outlet,
        "url": draft.url,
        "author": draft.author,
        "published_date": draft.published_date.isoformat() if draft.published_date else "",
    }
