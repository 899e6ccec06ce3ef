"""The README documents every setting and every API operation (Datasette's habit)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.settings import REPO_ROOT, Settings

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme() -> None:
    for name in Settings.model_fields:
        assert f"COMMUNIQUE_{name.upper()}" in README, name


def test_every_api_operation_is_in_the_readme(client: TestClient) -> None:
    def shape(path: str) -> str:
        return re.sub(r"\{[^}]*\}", "{}", path)

    documented = {shape(p) for p in re.findall(r"(?:/[\w.{}-]+)+", README)}
    paths = client.get("/openapi.json").json()["paths"]
    assert [p for p in paths if shape(p) not in documented] == []


def test_the_two_readme_commands_are_the_makefile_targets() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make run" in README and "make test" in README
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
