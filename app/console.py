"""Entry point of the ``communique`` script.

A plain ``communique compare FILE... [--json]`` is run once per process by scripts, so it skips
click (about 15 ms of imports) and goes straight to the command; anything else, including
``--help`` and options, goes through the click group in :mod:`app.cli`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path


def plain_compare_files(argv: Sequence[str]) -> list[Path] | None:
    """The files of a plain ``compare FILE FILE... [--json]`` call, else ``None``."""
    rest = list(argv[1:])
    if list(argv[:1]) != ["compare"] or len(rest) < 2 or "-" in rest:
        return None
    if not all(a == "--json" or not a.startswith("-") for a in rest):
        return None
    return [Path(a) for a in rest if a != "--json"]


def main() -> None:
    argv = sys.argv[1:]
    files = plain_compare_files(argv)
    if files is not None:
        from app.commands.compare import run_compare  # noqa: PLC0415

        try:
            code = run_compare(files, "--json" in argv)
            sys.stdout.flush()
        except BrokenPipeError:
            code = 1  # the reader stopped early (`| head`): nothing more to say
        sys.stderr.flush()
        # Everything is written: tearing down the comparison's few hundred thousand objects
        # would only delay the exit (about 0.15 s of a 20 x 60 run).
        os._exit(code)
    from app.cli import main as click_main  # noqa: PLC0415

    click_main()
