"""``communique compare``: read files as UTF-8 (no newline translation) and run the engine."""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path

from app.ingest import IngestError, decode_text


def _read(path: Path) -> str:
    if not path.exists():
        raise IngestError(f"{path}: no such file.")
    if path.is_dir():
        raise IngestError(f"{path}: is a folder; give text files.")
    return decode_text(path.read_bytes(), str(path))


def run_compare(files: list[Path], as_json: bool) -> int:
    """Return the process exit code; errors go to stderr as one clear line."""
    if len(files) < 2:
        print("communique compare: give at least two files to compare.", file=sys.stderr)
        return 2
    try:
        texts = [_read(p) for p in files]
    except IngestError as exc:
        print(f"communique compare: {exc.message}", file=sys.stderr)
        return 2
    # The engine is single-threaded and never calls BLAS; starting OpenBLAS's thread pool
    # when numpy loads costs ~40 ms of a 0.5 s process (a value set by the user wins).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # The engine makes many small objects and no garbage cycles worth collecting; the
    # collector's passes cost a fifth of a large comparison, so it pauses for the run.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _compare_and_write(texts, files, as_json)
    finally:
        if was_enabled:
            gc.enable()


def _compare_and_write(texts: list[str], files: list[Path], as_json: bool) -> int:
    from app.engine import compare  # noqa: PLC0415
    from app.engine.jsonout import to_json_dict  # noqa: PLC0415

    try:
        result = compare(texts)
    except ValueError as exc:
        print(f"communique compare: {exc}", file=sys.stderr)
        return 2
    document = to_json_dict(result, [str(p) for p in files])
    if as_json:
        # One dumps() call uses the C encoder; json.dump() to a stream writes piece by piece.
        sys.stdout.write(json.dumps(document, check_circular=False))
        sys.stdout.write("\n")
    else:
        _print_summary(document)
    return 0


def _print_summary(document: dict[str, object]) -> None:
    alignments = document["alignments"]
    unique = document["unique"]
    conflicts = document["conflicts"]
    assert isinstance(alignments, list) and isinstance(unique, list)
    assert isinstance(conflicts, list)
    print(
        f"{len(alignments)} aligned pairs, {len(unique)} unique spans, {len(conflicts)} conflicts"
    )
    for al in alignments:
        print(f"  [{al['score']:.2f} {al['kind']}] {al['a']['text'][:70]!r}")
        print(f"      ~ {al['b']['text'][:70]!r}")
    for u in unique:
        print(f"  only in source {u['source']}: {u['text'][:80]!r}")
    for c in conflicts:
        print(f"  conflict: {c['explanation']}")
