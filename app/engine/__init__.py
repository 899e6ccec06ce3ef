"""Communiqué comparison engine: a pure library (no web, no database).

Offsets everywhere are Python ``str`` indices into the original text exactly as given.
"""

# Stored comparisons are keyed by this: bump it whenever the output for the same texts changes.
ENGINE_VERSION = "0.4.2"

from app.engine.pipeline import compare  # noqa: E402
from app.engine.segment import segment_text  # noqa: E402

__all__ = ["ENGINE_VERSION", "compare", "segment_text"]
