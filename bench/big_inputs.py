#!/usr/bin/env python3
"""Bounded cost on big inputs (issue 10): whole ``communique compare --json`` processes.

Cases, each timed as a whole process (wall seconds, peak resident MB, JSON size), beside the
all-pairs TF-IDF baseline of ``bench/engine_speed.py`` run in this process on the same texts
where it finishes in reasonable time (it is quadratic; past ``--baseline-max`` sentences its
time is extrapolated from the largest measured size and marked "~"):

- the repeated seeds: each seed article repeated 80 times (bars: < 5 s, JSON < 20 MB);
- near-identical: a 1 MB paste of "The minister met the envoy N times." against a second
  source of the same kind (bars: < 10 s, < 1 GB);
- growth: two sources of distinct generated sentences totalling 64 KB ... 4 MB; the fitted
  exponent of time against size says whether growth is near-linear.

Usage: bench/big_inputs.py [--max-kb 4096] [--baseline-max 6000]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_speed import REPO, baseline_all_pairs, dossier  # noqa: E402


def _command() -> list[str]:
    cli = REPO / ".venv" / "bin" / "communique"
    return [str(cli)] if cli.exists() else [shutil.which("communique") or "communique"]


def _sentences(texts: list[str]) -> int:
    return sum(t.count(". ") + 1 for t in texts)


def whole(texts: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak MB and JSON bytes of one ``compare --json`` process on ``texts``."""
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for k, text in enumerate(texts):
            path = Path(tmp) / f"{k:03d}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
        out = Path(tmp) / "out.json"
        with out.open("wb") as sink:
            t0 = time.perf_counter()
            child = subprocess.Popen(
                [*_command(), "compare", "--json", *files], stdout=sink, stderr=subprocess.PIPE
            )
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"compare failed: {child.stderr.read().decode()[-500:]}")
        return seconds, usage.ru_maxrss / 1024, out.stat().st_size


class Baseline:
    """All-pairs TF-IDF seconds, measured up to a size and extrapolated (n²) past it."""

    def __init__(self, max_sentences: int) -> None:
        self.max_sentences = max_sentences
        self.largest: tuple[int, float] | None = None

    def seconds(self, texts: list[str]) -> str:
        n = _sentences(texts)
        if n <= self.max_sentences:
            t0 = time.perf_counter()
            baseline_all_pairs(texts)
            took = time.perf_counter() - t0
            if self.largest is None or n > self.largest[0]:
                self.largest = (n, took)
            return f"{took:.2f} s"
        if self.largest is None:
            return "not measured"
        n0, t0s = self.largest
        return f"~{t0s * (n / n0) ** 2:.0f} s"


def _report(name: str, texts: list[str], baseline: Baseline, bars: str = "") -> float:
    seconds, peak, size = whole(texts)
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    print(
        f"{name}: {kb:,.0f} KB, {_sentences(texts):,} sentences: compare --json {seconds:.2f} s, "
        f"peak {peak:.0f} MB, JSON {size / 1e6:.1f} MB; all-pairs baseline "
        f"{baseline.seconds(texts)}{'  ' + bars if bars else ''}",
        flush=True,
    )
    return seconds


def near_identical(kb: int) -> list[str]:
    count = kb * 1024 // 38
    one = " ".join(f"The minister met the envoy {k} times." for k in range(count))
    two = " ".join(f"The minister met the envoy {k} times." for k in range(count, 0, -1))
    return [one, two]


def distinct(total_kb: int) -> list[str]:
    """Two sources of generated news-like sentences, about ``total_kb`` in all."""
    per_source = 60  # sentences of dossier() per 6 KB or so
    texts = dossier(2, per_source)
    size = sum(len(t) for t in texts)
    scale = max(1, round(total_kb * 1024 / size))
    return dossier(2, per_source * scale, seed=11)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--max-kb", type=int, default=4096)
    ap.add_argument("--baseline-max", type=int, default=6000)
    args = ap.parse_args()
    baseline = Baseline(args.baseline_max)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    _report("repeated seeds (x80 each)", [s * 80 for s in seeds], baseline, "bars: < 5 s, < 20 MB")
    _report("near-identical 1 MB x 2", near_identical(1024), baseline, "bars: < 10 s, < 1 GB")
    points = []
    kb = 64
    while kb <= args.max_kb:
        texts = distinct(kb)
        points.append((sum(map(len, texts)), _report(f"distinct {kb} KB", texts, baseline)))
        kb *= 2
    if len(points) >= 2:
        (s0, t0), (s1, t1) = points[0], points[-1]
        exponent = math.log(t1 / t0) / math.log(s1 / s0)
        print(f"time grows as size^{exponent:.2f} from {s0 / 1024:.0f} KB to {s1 / 1024:.0f} KB")


if __name__ == "__main__":
    main()
