"""The ``communique`` script: a plain compare skips click; everything else reaches click."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.console import plain_compare_files

SEEDS = sorted(str(p) for p in (Path(__file__).parent.parent / "seeds").glob("*.txt"))

RUN_MAIN = """
import sys
from app.console import main
sys.argv = ["communique", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    print(json.dumps({"code": exc.code, "click": "click" in sys.modules}), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["compare", "a.txt", "b.txt"], ["a.txt", "b.txt"]),
        (["compare", "--json", "a.txt", "b.txt"], ["a.txt", "b.txt"]),
        (["compare", "a.txt"], None),
        (["compare", "--help", "a.txt", "b.txt"], None),
        (["compare", "-", "b.txt"], None),
        (["import", "a.txt", "b.txt"], None),
        ([], None),
    ],
)
def test_only_a_plain_compare_takes_the_short_path(argv, expected):
    files = plain_compare_files(argv)
    assert (None if files is None else [str(p) for p in files]) == expected


def _run(*args: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    proc = subprocess.run(
        [sys.executable, "-c", "import json\n" + RUN_MAIN, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc, json.loads(proc.stderr.strip().splitlines()[-1])


def test_plain_compare_prints_json_without_importing_click():
    proc, outcome = _run("compare", "--json", *SEEDS)
    assert outcome == {"code": 0, "click": False}
    document = json.loads(proc.stdout)
    assert document["alignments"] and document["unique"]


def test_other_calls_go_through_click():
    proc, outcome = _run("compare", "--help")
    assert outcome["click"] is True and outcome["code"] == 0
    assert "Compare two or more" in proc.stdout
