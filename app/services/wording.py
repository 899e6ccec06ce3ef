""" "Worded differently" highlights: the words of a diff run that the partner does not use.

The engine's word diff (diff-match-patch with its semantic cleanup) folds short common words
into the edits around them, so a pair that matches in part comes back as one replaced run,
and the whole sentence would be painted "worded differently" although the partner uses many
of its words ("agriculture", "Gwadar Port"). The legend promises words the other side does
not use, so each run is narrowed to those.

Invariants: every mark lies inside its run and starts and ends on a word; a content word is
marked exactly when its match key (the engine's: case, spelling, numerals, stem) is absent
from the partner segment; a function word is marked only between two marked words.
"""

from __future__ import annotations

from functools import lru_cache

from app.engine.normalize import is_stopword, tokens


@lru_cache(maxsize=4096)
def _keys(text: str) -> frozenset[str]:
    return frozenset(t.key for t in tokens(text))


def unshared_runs(start: int, run_text: str, partner_text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the runs of ``run_text`` (which starts at offset ``start``)
    whose words ``partner_text`` does not use."""
    partner = _keys(partner_text)
    runs: list[tuple[int, int]] = []
    open_run: list[int] | None = None
    for tok in tokens(run_text):
        if is_stopword(tok.text) or not tok.key:
            continue  # joins a run only when a new word follows (see below)
        if tok.key in partner:
            open_run = None
            continue
        if open_run is None:
            open_run = [tok.start, tok.end]
            runs.append((start + tok.start, start + tok.end))
        else:
            open_run[1] = tok.end
            runs[-1] = (start + open_run[0], start + tok.end)
    return runs
