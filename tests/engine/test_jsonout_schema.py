"""The ``compare --json`` document matches app/engine/schema.json and its documented invariants."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from app.engine.jsonout import to_json_dict
from app.engine.model import (
    Alignment,
    ClaimGroup,
    Comparison,
    Conflict,
    DiffOp,
    Segment,
    Span,
    UniqueSpan,
)

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "app" / "engine" / "schema.json"

TEXT_A = "Talks were held in Beijing on 4 January.\nBoth sides agreed to expand trade."
TEXT_B = "Talks were held in Islamabad on 5 January. A new port opened."


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def span(texts: list[str], source: int, fragment: str) -> Span:
    start = texts[source].index(fragment)
    return Span(source, start, start + len(fragment), fragment)


def hand_built() -> tuple[Comparison, list[str]]:
    texts = [TEXT_A, TEXT_B]
    seg_a0 = span(texts, 0, "Talks were held in Beijing on 4 January.")
    seg_a1 = span(texts, 0, "Both sides agreed to expand trade.")
    seg_b0 = span(texts, 1, "Talks were held in Islamabad on 5 January.")
    seg_b1 = span(texts, 1, "A new port opened.")
    segments = tuple(
        tuple(Segment(s.source, k, s.start, s.end, "sentence", s.text) for k, s in enumerate(segs))
        for segs in ((seg_a0, seg_a1), (seg_b0, seg_b1))
    )
    diff = (
        DiffOp("equal", span(texts, 0, "Talks were held in"), span(texts, 1, "Talks were held in")),
        DiffOp("only_a", span(texts, 0, "Beijing on 4"), None),
        DiffOp("only_b", None, span(texts, 1, "Islamabad on 5")),
        DiffOp("equal", span(texts, 0, "January"), span(texts, 1, "January")),
    )
    conflicts = (
        Conflict("place", span(texts, 0, "Beijing"), span(texts, 1, "Islamabad"),
                 "Place differs: 'Beijing' vs 'Islamabad'"),
        Conflict("date", span(texts, 0, "4 January"), span(texts, 1, "5 January"),
                 "Date differs: '4 January' vs '5 January'"),
    )  # fmt: skip
    alignment = Alignment(seg_a0, seg_b0, 0.87654, "equivalent", diff, conflicts)
    group = ClaimGroup(0, "Talks were held", (seg_a0, seg_b0), (0, 1))
    unique = (
        UniqueSpan(seg_a1, "segment", "no partner"),
        UniqueSpan(seg_b1, "segment", "no partner"),
    )
    return Comparison(segments, (alignment,), (group,), unique, "test"), texts


def spans_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every span-like object of the document (anything with source/start/end/text)."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if {"source", "start", "end", "text"} <= node.keys():
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    return found


def check_invariants(doc: dict[str, Any], texts: list[str]) -> None:
    """What docs/compare-json.md promises beyond the schema."""
    assert [s["index"] for s in doc["sources"]] == list(range(len(texts)))
    for src in doc["sources"]:
        for k, seg in enumerate(src["segments"]):
            assert seg["index"] == k
            assert seg["text"] == texts[src["index"]][seg["start"] : seg["end"]]
    for item in spans_of(doc):
        assert 0 <= item["source"] < len(texts)
        assert 0 <= item["start"] < item["end"] <= len(texts[item["source"]])
        assert item["text"] == texts[item["source"]][item["start"] : item["end"]]
    ids = [al["id"] for al in doc["alignments"]]
    assert ids == list(range(len(ids)))
    for al in doc["alignments"]:
        assert al["a"]["source"] < al["b"]["source"]
    assert [d["alignment"] for d in doc["diffs"]] == ids
    for c in doc["conflicts"]:
        al = doc["alignments"][c["alignment"]]
        assert c["a"]["source"] == al["a"]["source"] and c["b"]["source"] == al["b"]["source"]


def test_hand_built_comparison_is_valid(validator: jsonschema.protocols.Validator) -> None:
    comparison, texts = hand_built()
    doc = to_json_dict(comparison, ["a.txt", "b.txt"])
    validator.validate(doc)
    check_invariants(doc, texts)
    assert doc["sources"][1]["name"] == "b.txt"
    assert doc["alignments"][0]["score"] == 0.8765
    assert [c["kind"] for c in doc["conflicts"]] == ["place", "date"]
    assert [op["op"] for op in doc["diffs"][0]["ops"]] == ["equal", "only_a", "only_b", "equal"]


def test_default_names_are_valid(validator: jsonschema.protocols.Validator) -> None:
    comparison, _ = hand_built()
    doc = to_json_dict(comparison)
    validator.validate(doc)
    assert [s["name"] for s in doc["sources"]] == ["source 0", "source 1"]


def test_document_is_plain_json(validator: jsonschema.protocols.Validator) -> None:
    comparison, _ = hand_built()
    doc = to_json_dict(comparison, ["a", "b"])
    assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(extra=1),
        lambda d: d["alignments"][0].update(score=1.5),
        lambda d: d["alignments"][0]["a"].pop("end"),
        lambda d: d["alignments"][0].update(kind="similar"),
        lambda d: d["diffs"][0]["ops"][1].update(b=d["diffs"][0]["ops"][0]["b"]),
        lambda d: d["diffs"][0]["ops"][0].update(b=None),
        lambda d: d["conflicts"][0].update(kind="topic"),
        lambda d: d["unique"][0].update(scope="word"),
        lambda d: d["sources"][0]["segments"][0].update(kind="paragraph"),
        lambda d: d.pop("conflicts"),
    ],
)
def test_schema_catches_drift(validator: jsonschema.protocols.Validator, mutate: Any) -> None:
    comparison, _ = hand_built()
    doc = copy.deepcopy(to_json_dict(comparison, ["a", "b"]))
    mutate(doc)
    assert not validator.is_valid(doc)


def test_real_compare_is_valid(validator: jsonschema.protocols.Validator) -> None:
    compare = pytest.importorskip("app.engine").compare
    texts = [
        "GENEVA: Ministers agreed on Tuesday to cut tariffs on steel by 10 percent.\n"
        "The agreement will take effect in March.\n"
        "Officials said a follow-up meeting was planned in Oslo.\n",
        "Ministers agreed on Tuesday to cut steel tariffs by 12 percent, officials said.\n"
        "The deal may take effect in March.\n"
        "Farm subsidies were not discussed.\n",
    ]
    doc = to_json_dict(compare(texts), ["one.txt", "two.txt"])
    validator.validate(doc)
    check_invariants(doc, texts)
    assert doc["alignments"], "the tariff claim is reported by both texts"
    shown = {(c["kind"], c["a"]["text"], c["b"]["text"]) for c in doc["conflicts"]}
    assert ("number", "10", "12") in shown
