"""PostgreSQL backups: ``communique backup``/``restore`` through pg_dump/pg_restore.

pg_dump's custom format: one compressed file, restored by pg_restore in one transaction.
"""

from __future__ import annotations

from typing import Any

_ARCHIVE_MAGIC = b"PGDMP"
#: Where Debian installs each major version's binaries (searched before PATH).
PG_BIN_ROOT = "/usr/lib/postgresql"


class MissingToolError(RuntimeError):
    """pg_dump or pg_restore is not installed."""


def _tool(name: str) -> str:
    """The newest Debian build of ``name`` (it must not be older than the server), else PATH."""
    import shutil  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    root = Path(PG_BIN_ROOT)
    builds = sorted(
        (p for p in root.glob(f"*/bin/{name}") if p.parent.parent.name.isdigit()),
        key=lambda p: int(p.parent.parent.name),
    )
    found = str(builds[-1]) if builds else shutil.which(name)
    if found is None:
        raise MissingToolError(
            f"{name} is not installed: install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client) and try again"
        )
    return found


def _libpq(database_url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password (which goes in PGPASSWORD, not in the process list)."""
    import os  # noqa: PLC0415

    from sqlalchemy.engine import make_url  # noqa: PLC0415

    url = make_url(database_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], action: str) -> None:
    import subprocess  # noqa: PLC0415

    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise RuntimeError(f"{action} failed: {detail[-1] if detail else done.returncode}")


def backup_to(database_url: str, target: Any) -> int:
    """Dump the database to ``target`` (pg_dump custom format); returns its size in bytes.

    A consistent snapshot (pg_dump reads in one repeatable-read transaction) written to a
    temporary file first, so ``target`` is never half-written."""
    from pathlib import Path  # noqa: PLC0415

    target = Path(target).expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    url, env = _libpq(database_url)
    try:
        _run([_tool("pg_dump"), "--format=custom", f"--file={partial}", url], env, "pg_dump")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target.stat().st_size


def restore_from(database_url: str, backup: Any) -> None:
    """Replace the database's content with ``backup`` (pg_restore, one transaction).

    Refuses a file that is not a pg_dump archive of a Communiqué database (nothing restored)."""
    import subprocess  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    backup = Path(backup).expanduser().resolve()
    if not backup.is_file():
        raise ValueError(f"{backup}: no such backup file")
    with backup.open("rb") as handle:
        if handle.read(len(_ARCHIVE_MAGIC)) != _ARCHIVE_MAGIC:
            raise ValueError(
                f"{backup} is not a pg_dump archive (custom format); nothing was restored"
            )
    listing = subprocess.run(
        [_tool("pg_restore"), "--list", str(backup)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0 or " alembic_version " not in listing.stdout:
        raise ValueError(f"{backup} is not a Communiqué database; nothing was restored")
    url, env = _libpq(database_url)
    command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run([*command, f"--dbname={url}", str(backup)], env, "pg_restore")
