"""Every symbol on a review badge has a glyph in an installed font (the hand symbol of the
"manual link" badge had none in Chromium here, so it showed an empty box)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from app.web.review_views import BADGE_TEXT


def _covered(char: str) -> bool:
    found = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"],
        capture_output=True,
        text=True,
        check=True,
    )
    return bool(found.stdout.strip())


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
def test_every_badge_symbol_has_a_font() -> None:
    symbols = {text.split()[0] for text in BADGE_TEXT.values()}
    assert "↔" in symbols and "✋" not in symbols
    assert [s for s in sorted(symbols) if not all(_covered(c) for c in s)] == []
