"""Turn an upload (bytes + name + media type) into plain text and metadata, or refuse it clearly.

Pure functions: no database. The text returned is what every offset later refers to.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePath

TEXT_TYPES = {".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown"}
HTML_TYPES = {".html": "text/html", ".htm": "text/html"}
SUPPORTED = ", ".join(sorted({*TEXT_TYPES, *HTML_TYPES}))


class IngestError(ValueError):
    """Input that cannot become a source; ``status`` is the HTTP status that fits it."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    media_type: str
    title: str = ""
    author: str = ""
    published_date: date | None = None
    encoding: str = "utf-8"
    outlet: str = ""  # og:site_name (or the site's name trafilatura finds)


def media_type_for(filename: str, declared: str = "") -> str:
    """Decide the media type from the file name first (browsers often send octet-stream)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in TEXT_TYPES:
        return TEXT_TYPES[suffix]
    if suffix in HTML_TYPES:
        return HTML_TYPES[suffix]
    declared = declared.split(";")[0].strip().lower()
    if declared in {"text/plain", "text/markdown", "text/html"}:
        return declared
    shown = PurePath(filename).name or "this file"
    raise IngestError(
        f"{shown}: unsupported file type; upload one of {SUPPORTED} or paste the text.", 415
    )


def check_size(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise IngestError(
            f"The file is {len(data):,} bytes; the limit is {max_bytes:,} bytes "
            f"({max_bytes // 1024:,} KiB).",
            413,
        )


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean a binary file, whatever its name says."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > 0.05


# Detection below these bars guesses; a wrong guess would silently corrupt every offset.
MIN_BYTES_TO_DETECT = 32
MAX_CHAOS = 0.05
MIN_COHERENCE = 0.1


def decode_with_encoding(data: bytes, name: str = "the file") -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), else a reliably detected legacy charset.

    Returns ``(text, encoding)``. Refuses binary data and text whose charset cannot be
    detected with confidence, naming the first bad byte.
    """
    unicode_bom = _unicode_bom(data)
    if unicode_bom is not None:
        return _decode_bom(data, unicode_bom, name), unicode_bom
    if looks_binary(data):
        raise IngestError(f"{name} looks like a binary file, not text.", 415)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        detected = _detect(data)
        if detected is not None:
            return detected
        raise IngestError(
            f"{name} is not valid UTF-8 text (bad byte at position {exc.start}) and its "
            "encoding cannot be detected reliably; save it as UTF-8 and try again.",
            422,
        ) from exc


# UTF-32 first: its little-endian BOM starts with UTF-16's.
UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _unicode_bom(data: bytes) -> str | None:
    """The codec a UTF-16/32 byte-order mark names (their text is full of NUL bytes, so
    the binary sniff must not see it first)."""
    return next((codec for bom, codec in UNICODE_BOMS if data.startswith(bom)), None)


def _decode_bom(data: bytes, codec: str, name: str) -> str:
    try:
        text = data.decode(codec)  # the codec reads and drops the BOM
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{name} starts with a {codec.upper()} byte-order mark but is not valid "
            f"{codec.upper()} (bad bytes at position {exc.start}).",
            422,
        ) from exc
    if looks_binary(text[:8192].encode("utf-8")):
        raise IngestError(f"{name} looks like a binary file, not text.", 415)
    return text


def _detect(data: bytes) -> tuple[str, str] | None:
    if len(data) < MIN_BYTES_TO_DETECT:
        return None
    from charset_normalizer import from_bytes  # noqa: PLC0415

    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS or best.coherence < MIN_COHERENCE:
        return None
    return str(best), best.encoding


def decode_text(data: bytes, name: str = "the file") -> str:
    """The text of ``data``; see :func:`decode_with_encoding`."""
    return decode_with_encoding(data, name)[0]


def require_text(text: str, name: str = "the text") -> str:
    if not text.strip():
        raise IngestError(f"{name} is empty: there is nothing to compare.", 422)
    return text


def extract_html(html: str) -> Extracted:
    """Main text and metadata of an article page, via trafilatura (imported lazily: it is slow)."""
    import trafilatura  # noqa: PLC0415

    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(html)
    published: date | None = None
    if meta is not None and meta.date:
        try:
            published = date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    return Extracted(
        text=require_text(text, "the page's main text"),
        media_type="text/html",
        title=(meta.title or "") if meta else "",
        author=(meta.author or "") if meta else "",
        published_date=published,
        outlet=(meta.sitename or "") if meta else "",
    )


def extract_upload(data: bytes, filename: str, declared_type: str, max_bytes: int) -> Extracted:
    """Validate and convert one uploaded file; raises :class:`IngestError` with a clear message."""
    check_size(data, max_bytes)
    name = PurePath(filename).name or "the file"
    media_type = media_type_for(filename, declared_type)
    text, encoding = decode_with_encoding(data, name)
    if media_type == "text/html":
        return replace(extract_html(require_text(text, name)), encoding=encoding)
    return Extracted(text=require_text(text, name), media_type=media_type, encoding=encoding)
