"""Turning uploads into text: types, sizes, encodings, binary files, HTML extraction."""

from __future__ import annotations

import pytest

from app.ingest import IngestError, decode_text, extract_upload

LIMIT = 64 * 1024


def test_plain_utf8_text_is_kept_exactly() -> None:
    raw = "Line one.\r\nLine “two” — ok.\n".encode()
    assert extract_upload(raw, "a.txt", "", LIMIT).text == raw.decode("utf-8")


def test_byte_order_mark_is_dropped() -> None:
    assert decode_text(b"\xef\xbb\xbfHello.") == "Hello."


@pytest.mark.parametrize("raw", [b"", b"   \n\t  \n"])
def test_empty_or_blank_text_is_refused(raw: bytes) -> None:
    with pytest.raises(IngestError, match="empty"):
        extract_upload(raw, "blank.txt", "", LIMIT)


def test_binary_file_is_refused_as_unsupported_media() -> None:
    with pytest.raises(IngestError, match="binary") as info:
        extract_upload(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.txt", "", LIMIT)
    assert info.value.status == 415


def test_text_that_is_not_utf8_is_refused_with_the_position() -> None:
    with pytest.raises(IngestError, match=r"not valid UTF-8.*position 3"):
        extract_upload("café au lait".encode("latin-1"), "latin.txt", "", LIMIT)


def test_unsupported_extension_names_the_accepted_types() -> None:
    with pytest.raises(IngestError, match=r"\.html.*\.txt") as info:
        extract_upload(b"%PDF-1.4", "report.pdf", "application/pdf", LIMIT)
    assert info.value.status == 415


def test_upload_over_the_limit_states_the_limit() -> None:
    with pytest.raises(IngestError, match="65,536 bytes") as info:
        extract_upload(b"a" * (LIMIT + 1), "big.txt", "", LIMIT)
    assert info.value.status == 413


def test_html_goes_through_extraction_to_main_text_and_metadata() -> None:
    body = " ".join(["The ministers met in the capital and agreed on a new trade route."] * 6)
    html = f"""<html><head><title>Ministers agree trade route</title>
      <meta name="author" content="A. Writer"><meta name="date" content="2026-01-05"></head>
      <body><nav>Home | World | Sport</nav><article><h1>Ministers agree trade route</h1>
      <p>{body}</p><p>Officials said talks would resume next month.</p></article>
      <footer>Copyright</footer></body></html>"""
    doc = extract_upload(html.encode(), "page.html", "text/html", LIMIT)
    assert "agreed on a new trade route" in doc.text
    assert "Home | World" not in doc.text
    assert doc.title == "Ministers agree trade route"
    assert doc.media_type == "text/html"


def test_html_with_no_main_text_is_refused() -> None:
    with pytest.raises(IngestError, match="empty"):
        extract_upload(b"<html><body><div></div></body></html>", "x.html", "", LIMIT)


def test_windows_1252_article_is_decoded_when_detection_is_reliable() -> None:
    text = (
        "The minister’s “historic” visit — the first since 2019 — ended on Tuesday. "
        "Officials said the café talks were productive and both sides agreed to continue."
    )
    doc = extract_upload(text.encode("cp1252"), "legacy.txt", "", LIMIT)
    assert doc.text == text
    assert doc.encoding != "utf-8"


def test_utf8_text_reports_utf8() -> None:
    assert extract_upload(b"Plain.", "a.txt", "", LIMIT).encoding == "utf-8"
