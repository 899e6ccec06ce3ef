"""The communique command: import (files, folders, bad input, duplicates), seed, compare errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from app.cli import main
from app.models import Dossier, Source
from app.settings import REPO_ROOT, Settings

ARTICLE_A = "The ministers met in Geneva on Tuesday. They agreed to reopen the border crossing.\n"
ARTICLE_B = "Talks in Geneva ended on Tuesday. Both sides agreed to reopen the crossing soon.\n"


@pytest.fixture
def runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COMMUNIQUE_DATABASE_URL", settings.database_url)
    return CliRunner()


def _sources(session: Session) -> list[Source]:
    session.expire_all()
    return list(session.exec(select(Source)).all())


def test_import_files_into_a_new_dossier(
    runner: CliRunner, tmp_path: Path, session: Session
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "b.md").write_text(ARTICLE_B, encoding="utf-8")
    result = runner.invoke(
        main,
        [
            "import",
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.md"),
            "--new-dossier",
            "Border talks",
            "--outlet",
            "Wire",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2 stored, 0 skipped as duplicate, 0 refused" in result.output
    stored = _sources(session)
    assert sorted(s.text for s in stored) == sorted([ARTICLE_A, ARTICLE_B])
    assert {s.outlet for s in stored} == {"Wire"}
    assert session.exec(select(Dossier)).one().title == "Border talks"


def test_import_a_folder_skips_duplicates_and_refuses_bad_files(
    runner: CliRunner, tmp_path: Path, session: Session
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "1.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "2.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "3.txt").write_bytes(b"   \n")
    (folder / "4.txt").write_bytes("Déjà vu".encode("latin-1"))
    (folder / "5.txt").write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(main, ["import", str(folder), "--new-dossier", "Batch"])
    assert "1 stored, 1 skipped as duplicate, 3 refused" in result.output
    assert "already in the dossier as source" in result.output
    assert "3.txt: 3.txt is empty" in result.output
    assert "not valid UTF-8" in result.output
    assert "binary" in result.output
    assert [s.filename for s in _sources(session)] == ["1.txt"]


def test_import_of_only_bad_files_fails_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, session: Session
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(main, ["import", str(tmp_path / "empty.txt"), "--dossier", "1"])
    assert result.exit_code != 0
    assert "no dossier 1" in result.output.lower() or "empty" in result.output
    assert _sources(session) == []


def test_import_needs_exactly_one_target(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    result = runner.invoke(main, ["import", str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert "--dossier ID or --new-dossier TITLE" in result.output


def test_import_refuses_a_non_http_url(runner: CliRunner, tmp_path: Path, session: Session) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    result = runner.invoke(
        main,
        ["import", str(tmp_path / "a.txt"), "--new-dossier", "X", "--url", "javascript:alert(1)"],
    )
    assert "http:// or https://" in result.output
    assert _sources(session) == []


def test_seed_command_is_idempotent(runner: CliRunner) -> None:
    first = runner.invoke(main, ["seed"])
    second = runner.invoke(main, ["seed"])
    assert "2 source(s) added" in first.output
    assert "already there; 0 source(s) added" in second.output


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (["one.txt"], "at least two files"),
        (["one.txt", "missing.txt"], "no such file"),
        (["one.txt", "latin.txt"], "not valid UTF-8"),
        (["one.txt", "blank.txt"], "empty"),
    ],
)
def test_compare_bad_input_gives_one_clear_line_and_nonzero_exit(
    tmp_path: Path, files: list[str], message: str
) -> None:
    (tmp_path / "one.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("Déjà vu".encode("latin-1"))
    (tmp_path / "blank.txt").write_text("  \n", encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", "--json", *[str(tmp_path / f) for f in files]])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_compare_json_spans_match_the_file_text() -> None:
    import json

    seeds = sorted((REPO_ROOT / "seeds").glob("*.txt"))
    result = CliRunner().invoke(main, ["compare", "--json", *map(str, seeds)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    assert document["alignments"], "the two seed reports share claims"
    for al in document["alignments"]:
        for side in (al["a"], al["b"]):
            assert texts[side["source"]][side["start"] : side["end"]] == side["text"]
