"""Text in request bodies that no field may hold, found before any route uses it.

JSON allows ``"\\ud800"`` (a lone surrogate: no character, and not encodable as UTF-8) and
``"\\u0000"``; form fields may carry bytes that are not UTF-8, which Starlette would turn
into U+FFFD or Latin-1 look-alikes without a word. Each is refused with 422 naming the field,
so nothing is stored in a form the person did not write. Uploaded files are not looked at
here: the import decodes and checks them itself.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote_to_bytes

SURROGATE = re.compile("[\ud800-\udfff]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def text_problem(value: str) -> str | None:
    """What makes ``value`` unacceptable as text, or None."""
    lone = SURROGATE.search(value)
    if lone:
        return (
            f"contains a lone surrogate (U+{ord(lone.group()):04X}) at character "
            f"{lone.start()}, which is not a character; send the text as valid Unicode"
        )
    if "\x00" in value:
        return f"contains a NUL character (U+0000) at character {value.index(chr(0))}"
    return None


def json_problem(value: object, path: str = "") -> str | None:
    """``"<field>: <problem>"`` for the first bad string in a parsed JSON value."""
    if isinstance(value, str):
        problem = text_problem(value)
        return f"{path or 'body'}: {problem}" if problem else None
    items: list[tuple[str, object]] = []
    if isinstance(value, dict):
        items = [(f"{path}.{k}" if path else str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [(f"{path}[{i}]" if path else f"[{i}]", v) for i, v in enumerate(value)]
    for where, item in items:
        found = json_problem(item, where)
        if found:
            return found
    return None


def _field_problem(name: bytes, data: bytes) -> str | None:
    label = name.decode("utf-8", "replace") or "a field"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"{label}: is not valid UTF-8 (bad byte at position {exc.start})"
    problem = text_problem(text)
    return f"{label}: {problem}" if problem else None


def _urlencoded_fields(body: bytes) -> list[tuple[bytes, bytes]]:
    pairs = [p.partition(b"=") for p in body.split(b"&") if p]
    return [
        (unquote_to_bytes(n.replace(b"+", b" ")), unquote_to_bytes(v.replace(b"+", b" ")))
        for n, _, v in pairs
    ]


def _multipart_fields(body: bytes, content_type: str) -> list[tuple[bytes, bytes]]:
    found = re.search(r'boundary="?([^";]+)"?', content_type)
    if not found:
        return []
    fields = []
    for part in body.split(b"--" + found.group(1).encode("latin-1"))[1:]:
        head, _, data = part.partition(b"\r\n\r\n")
        disposition = re.search(rb'name="([^"]*)"', head)
        if disposition is None or b"filename=" in head:
            continue
        fields.append((disposition.group(1), data.removesuffix(b"\r\n")))
    return fields


def body_problem(body: bytes, content_type: str) -> str | None:
    """``"<field>: <problem>"`` for the first unacceptable text in a JSON or form body."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            parsed = json.loads(body)
        except ValueError:
            return None  # FastAPI answers malformed JSON itself
        return json_problem(parsed)
    if kind == FORM_TYPES[0]:
        fields = _urlencoded_fields(body)
    elif kind == FORM_TYPES[1]:
        fields = _multipart_fields(body, content_type)
    else:
        return None
    return next((p for n, d in fields if (p := _field_problem(n, d))), None)
