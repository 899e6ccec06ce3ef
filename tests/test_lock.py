"""The lock files agree with pyproject.toml: every direct dependency is pinned to a version
its specifier allows, and nothing is pinned as direct that pyproject.toml no longer lists.
After editing pyproject.toml, `make lock` brings them back in line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from app.settings import REPO_ROOT

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?$")
ENVIRONMENT = {**default_environment(), "python_version": "3.11", "python_full_version": "3.11.2"}


def read_lock(path: Path) -> tuple[dict[str, Version], set[str]]:
    """Pins that apply to this kind of machine (Python 3.11), and the names pinned because
    pyproject.toml asks for them (uv's "via communique (pyproject.toml)")."""
    pins: dict[str, Version] = {}
    direct: set[str] = set()
    current = ""
    for line in path.read_text("utf-8").splitlines():
        pin = PIN.match(line)
        if pin:
            name, version, marker = pin.groups()
            current = canonicalize_name(name)
            applies = marker is None or Requirement(f"x; {marker}").marker.evaluate(ENVIRONMENT)  # type: ignore[union-attr]
            if applies:
                pins[current] = Version(version)
        elif "communique (pyproject.toml)" in line and current:
            direct.add(current)
    return pins, direct


def requirements(extra: bool) -> list[Requirement]:
    listed = PYPROJECT["dependencies"] + (
        PYPROJECT["optional-dependencies"]["dev"] if extra else []
    )
    return [Requirement(r) for r in listed]


@pytest.mark.parametrize(
    ("lock", "extra"), [("requirements.lock", False), ("requirements-dev.lock", True)]
)
def test_the_lock_pins_what_pyproject_asks_for(lock: str, extra: bool) -> None:
    pins, direct = read_lock(REPO_ROOT / lock)
    wanted = requirements(extra)
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock}: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, outside {requirement}: run make lock"
        )
    stale = direct - {canonicalize_name(r.name) for r in wanted}
    assert not stale, f"{lock} still pins {sorted(stale)} for pyproject.toml: run make lock"


def test_the_check_notices_a_dependency_missing_from_the_lock(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    text = (REPO_ROOT / "requirements.lock").read_text("utf-8")
    lock.write_text(re.sub(r"(?m)^fastapi==.*\n(    # via.*\n)*", "", text), "utf-8")
    pins, direct = read_lock(lock)
    assert "fastapi" not in pins and "fastapi" not in direct
    assert "alembic" in direct and "numpy" in pins and pins["numpy"].major == 2
