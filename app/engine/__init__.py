"""Communiqué comparison engine: a pure library (no web, no database).

Offsets everywhere are Python ``str`` indices into the original text exactly as given.
"""

ENGINE_VERSION = "0.1.0"
