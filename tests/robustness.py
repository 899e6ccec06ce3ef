"""Counters of the robustness tests (fuzz cases, payloads, concurrent imports, faults),
written to test-artifacts/robustness-summary.json at the end of the session."""

from __future__ import annotations

from collections import Counter

COUNTS: Counter[str] = Counter()


def record(what: str, amount: int = 1) -> None:
    COUNTS[what] += amount
