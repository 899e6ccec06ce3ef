"""The ``communique`` script: a plain compare skips click; everything else reaches click."""

import json
import shlex
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


def _imported(stderr: str) -> set[str]:
    """Module names from ``-X importtime`` lines ("import time: self | cumulative | name")."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if "|" in line}


def _plain(*args: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\nfrom app.console import main\nsys.argv = ['communique', *sys.argv[1:]]\nmain()"
    )
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_plain_compare_prints_json_without_importing_click():
    proc = _plain("compare", "--json", *SEEDS)
    assert proc.returncode == 0
    assert "click" not in _imported(proc.stderr) and "app.engine" in _imported(proc.stderr)
    document = json.loads(proc.stdout)  # all of it written before the process ended
    assert document["alignments"] and document["unique"]
    assert proc.stdout.endswith("}\n")


def test_plain_compare_exits_with_the_commands_code(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    proc = _plain("compare", str(empty), SEEDS[0])
    assert proc.returncode == 2
    assert "communique compare:" in proc.stderr


def test_other_calls_go_through_click():
    proc, outcome = _run("compare", "--help")
    assert outcome["click"] is True and outcome["code"] == 0
    assert "Compare two or more" in proc.stdout


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path):
    # Two long reports: their summary is far larger than a pipe's buffer, so the writer meets
    # the closed pipe.
    files = []
    for name, verb in (("a.txt", "opened"), ("b.txt", "inaugurated")):
        lines = [f"The minister {verb} bridge number {n} over the river Tamsk." for n in range(400)]
        (tmp_path / name).write_text(" ".join(lines), encoding="utf-8")
        files.append(str(tmp_path / name))
    script = tmp_path / "run.py"
    script.write_text(
        "import sys\nfrom app.console import main\n"
        "sys.argv = ['communique', *sys.argv[1:]]\nmain()\n",
        encoding="utf-8",
    )
    errors = tmp_path / "stderr.txt"
    command = " ".join(shlex.quote(a) for a in [sys.executable, str(script), "compare", *files])
    shown = subprocess.run(
        ["bash", "-c", f"{command} 2>{shlex.quote(str(errors))} | head -c 10"],
        capture_output=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    ).stdout
    assert len(shown) == 10  # "799 aligned pairs, …" cut by the reader
    assert "Traceback" not in errors.read_text(encoding="utf-8")
