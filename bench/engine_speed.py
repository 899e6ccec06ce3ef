#!/usr/bin/env python3
"""Speed benchmark of the comparison engine (issue 3), with an all-pairs TF-IDF baseline.

Inputs are generated (no data files): N sources of M sentences drawn from a shared pool of
claims, each source rewording some and adding its own, so the dossier looks like coverage of
one event. Prints medians of warm in-process runs, the ratio to the baseline, how time grows
with the total number of sentences (fitted exponent), and peak memory (tracemalloc); then
``communique compare --json`` as a whole process on 20 x 60 and 100 x 50 (median wall time,
peak resident memory), beside the floor of starting Python and importing numpy.

Usage: bench/engine_speed.py [--repeat 5] [--baseline-large]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.engine import compare  # noqa: E402

SYLLABLES = [a + b for a in "kmnrstvbdh" for b in "aeiou"]
FUNCTION = ["the", "a", "of", "in", "on", "and", "to", "with", "for", "by", "at", "from", "said"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, vocab: Sequence[str], names: Sequence[str]) -> list[str]:
    words = [rng.choice(vocab) for _ in range(rng.randint(8, 20))]
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randrange(len(words)), rng.choice(FUNCTION))
    words.insert(rng.randrange(len(words)), rng.choice(names))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), str(rng.randint(2, 2000)))
    return words


def _render(words: list[str]) -> str:
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def dossier(n_sources: int, n_sentences: int, seed: int = 7) -> list[str]:
    """N synthetic news-like texts of M sentences about one event."""
    rng = random.Random(seed)
    vocab = [_word(rng) for _ in range(4000)]
    names = [_word(rng).capitalize() for _ in range(200)]
    pool = [_sentence(rng, vocab, names) for _ in range(max(40, n_sentences * 2))]
    texts = []
    for _ in range(n_sources):
        lines = []
        for _ in range(n_sentences):
            if rng.random() < 0.6:
                words = list(rng.choice(pool))
                for _ in range(rng.randint(0, 4)):
                    words[rng.randrange(len(words))] = rng.choice(vocab)
            else:
                words = _sentence(rng, vocab, names)
            lines.append(_render(words))
        paragraphs = [" ".join(lines[k : k + 3]) for k in range(0, len(lines), 3)]
        texts.append("\n\n".join(paragraphs) + "\n")
    return texts


def baseline_all_pairs(texts: Sequence[str], threshold: float = 0.25) -> int:
    """Plain TF-IDF cosine over every pair of sentences of different sources (pure Python)."""
    sents = []
    for k, text in enumerate(texts):
        for part in text.replace("\n", " ").split(". "):
            words = [w.lower().strip(".,") for w in part.split() if w]
            if words:
                sents.append((k, Counter(words)))
    df: Counter[str] = Counter(w for _, bag in sents for w in bag)
    n = len(sents)
    vecs = []
    for k, bag in sents:
        vec = {w: c * math.log((n + 1) / (df[w] + 1)) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vecs.append((k, {w: v / norm for w, v in vec.items()}))
    links = 0
    for a in range(n):
        ka, va = vecs[a]
        for b in range(a + 1, n):
            kb, vb = vecs[b]
            if ka != kb and sum(v * vb.get(w, 0.0) for w, v in va.items()) >= threshold:
                links += 1
    return links


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up: imports, caches
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


REPO = Path(__file__).resolve().parent.parent


def _seeds() -> list[str] | None:
    files = sorted((REPO / "seeds").glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files] if len(files) >= 2 else None


def run_process(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one child process (its output is discarded)."""
    t0 = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {child.stderr.read().decode()[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def whole_process(repeat: int) -> None:
    """``communique compare --json`` as a whole process (start-up, reading, JSON output)."""
    cli = REPO / ".venv" / "bin" / "communique"
    command = [str(cli)] if cli.exists() else [shutil.which("communique") or "communique"]
    floor = [sys.executable, "-c", "import numpy"]
    runs = [run_process(floor) for _ in range(repeat)]
    print(f"process floor (python + numpy import): {statistics.median(r[0] for r in runs):.3f} s")
    for (n_src, n_sent), bar in (((20, 60), 0.5), ((100, 50), 2.0)):
        with tempfile.TemporaryDirectory() as tmp:
            files = []
            for k, text in enumerate(dossier(n_src, n_sent)):
                path = Path(tmp) / f"{k:03d}.txt"
                path.write_text(text, encoding="utf-8")
                files.append(str(path))
            runs = [run_process([*command, "compare", "--json", *files]) for _ in range(repeat)]
        median = statistics.median(r[0] for r in runs)
        print(
            f"whole process {n_src} x {n_sent}: median {median:.3f} s (bar < {bar} s), "
            f"peak {max(r[1] for r in runs):.0f} MB (bar < 300 MB)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--baseline-large",
        action="store_true",
        help="also run the (slow, ~30 s) all-pairs baseline on 100 x 50",
    )
    args = ap.parse_args()
    # First, while this process is small: a child's peak RSS counts what it inherited at fork.
    whole_process(args.repeat)
    seeds = _seeds()
    if seeds:
        t = median_seconds(lambda: compare(seeds), args.repeat)
        b = median_seconds(lambda: baseline_all_pairs(seeds), args.repeat)
        print(
            f"seeds (2 texts): engine {t * 1000:.1f} ms (bar < 30 ms), "
            f"baseline {b * 1000:.1f} ms, ratio {t / b:.2f}"
        )
    else:
        print("seeds: ../shared/seeds not found, skipped")
    sizes = [(10, 30), (20, 60), (50, 50), (100, 50)]
    points = []
    for n_src, n_sent in sizes:
        texts = dossier(n_src, n_sent)
        t = median_seconds(lambda texts=texts: compare(texts), max(1, args.repeat // 2))
        mem = peak_mb(lambda texts=texts: compare(texts))
        line = (
            f"{n_src} x {n_sent} ({n_src * n_sent} sentences): engine {t:.3f} s, peak {mem:.0f} MB"
        )
        if n_src * n_sent <= 1200 or args.baseline_large:
            b = median_seconds(lambda texts=texts: baseline_all_pairs(texts), 1)
            line += f", all-pairs baseline {b:.3f} s, ratio {t / b:.3f}"
        print(line)
        points.append((n_src * n_sent, t))
    (n1, t1), (n2, t2) = points[1], points[-1]
    exponent = math.log(t2 / t1) / math.log(n2 / n1)
    print(f"growth from {n1} to {n2} sentences: time ~ n^{exponent:.2f} (aim <= 1.2)")


if __name__ == "__main__":
    main()
