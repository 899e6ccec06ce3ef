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


def _enums_and_fields(node: object, out: set[str]) -> set[str]:
    """Every property name and every enum value of a JSON Schema."""
    if isinstance(node, dict):
        out.update(node.get("properties", {}))
        out.update(v for v in node.get("enum", []) if isinstance(v, str))
        for child in node.values():
            _enums_and_fields(child, out)
    elif isinstance(node, list):
        for child in node:
            _enums_and_fields(child, out)
    return out


def test_the_readme_outline_of_compare_json_names_every_schema_field_and_kind() -> None:
    import json

    schema = json.loads((REPO_ROOT / "app" / "engine" / "schema.json").read_text("utf-8"))
    outline = README.split("```text", 1)[1].split("```", 1)[0]
    words = set(re.findall(r"\w+", outline))
    assert sorted(_enums_and_fields(schema, set()) - words) == []
