"""Bounded cost (issue 10): repeated and near-identical segments keep the output linear."""

from __future__ import annotations

import orjson

from app.engine import compare
from app.engine.jsonout import to_json_dict
from app.engine.pipeline import link_segments

A = (
    "Ruritania and Freedonia agreed to cut tariffs on steel by 10 percent. "
    "The two delegations also agreed to open a customs office at the Kell crossing. "
)
B = (
    "Both sides agreed to reduce steel tariffs by 10 percent. "
    "A joint customs post will open at the Kell crossing, officials said. "
)


def _size(texts: list[str]) -> tuple[int, int]:
    result = compare(texts)
    return len(result.alignments), len(orjson.dumps(to_json_dict(result)))


def test_a_source_repeating_itself_costs_linear_output():
    small_links, small_bytes = _size([A * 4, B * 4])
    big_links, big_bytes = _size([A * 40, B * 40])
    # Ten times the text: at most about ten times the alignments and bytes (all pairs of
    # repeats would be a hundred times).
    assert small_links > 0
    assert big_links <= 12 * small_links
    assert big_bytes <= 12 * small_bytes


def test_every_repeat_of_a_shared_sentence_is_linked():
    _, terms, links = link_segments([A * 3, B])
    linked = {x for lk in links for x in (lk.i, lk.j)}
    tariffs = [n for n, st in enumerate(terms) if "tariffs on steel" in st.segment.text]
    assert len(tariffs) == 3
    assert set(tariffs) <= linked


def test_near_identical_sentences_differing_in_numbers_collapse():
    one = " ".join(f"The minister met the envoy {k} times." for k in range(300))
    two = " ".join(f"The minister met the envoy {k} times." for k in range(300, 0, -1))
    result = compare([one, two])
    # Each sentence keeps a few partners, not one per sentence of the other source.
    assert len(result.alignments) <= 3 * 600
    assert len(result.groups) <= 3
