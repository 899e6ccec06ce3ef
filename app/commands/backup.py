"""``communique backup`` and ``communique restore``: SQLite online backups, pg_dump/pg_restore
(custom format) on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import click


def _backend(database_url: str) -> ModuleType:
    """db_postgres_backup for a PostgreSQL URL, else db_sqlite (which explains what it accepts)."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    from app import db_postgres_backup, db_sqlite  # noqa: PLC0415

    try:
        backend = make_url(database_url).get_backend_name()
    except Exception as exc:  # noqa: BLE001  (any unparsable URL gets the same message)
        raise click.ClickException(f"{database_url!r} is not a database URL") from exc
    return db_postgres_backup if backend == "postgresql" else db_sqlite


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
def backup_cmd(path: Path) -> None:
    """Write a consistent copy of the database to PATH (safe while the server runs).

    SQLite: a database file. PostgreSQL: a pg_dump archive in custom format."""
    from app.settings import get_settings  # noqa: PLC0415

    try:
        size = _backend(get_settings().database_url).backup_to(get_settings().database_url, path)
    except (ValueError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backup written to {path} ({size:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_cmd(path: Path, yes: bool) -> None:
    """Replace the database's content with the backup at PATH, then migrate it."""
    from app import migrate  # noqa: PLC0415
    from app.settings import get_settings  # noqa: PLC0415

    settings = get_settings()
    if not yes:
        click.confirm(f"Replace everything in {settings.database_url} with {path}?", abort=True)
    try:
        _backend(settings.database_url).restore_from(settings.database_url, path)
    except (ValueError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    migrate.upgrade(settings)
    _renew_page_epoch(settings.database_url)
    click.echo(f"Restored {settings.database_url} from {path}.")


def _renew_page_epoch(database_url: str) -> None:
    """Running web workers must not serve pages they cached before the restore."""
    from app import db_page_version  # noqa: PLC0415
    from app.db import make_engine  # noqa: PLC0415
    from app.settings import get_settings  # noqa: PLC0415

    engine = make_engine(get_settings(database_url=database_url))
    try:
        with engine.begin() as conn:
            db_page_version.renew_epoch(conn)
    finally:
        engine.dispose()


@click.command("purge")
@click.option(
    "--older-than-days",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Purge what was deleted at least this many days ago.",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def purge_cmd(older_than_days: float, yes: bool) -> None:
    """Delete for good the dossiers and sources that sit in the trash."""
    from datetime import timedelta  # noqa: PLC0415

    from app import migrate  # noqa: PLC0415
    from app.db import make_engine, session_scope  # noqa: PLC0415
    from app.services import trash  # noqa: PLC0415
    from app.settings import get_settings  # noqa: PLC0415

    settings = get_settings()
    if not yes:
        click.confirm(
            f"Delete for good everything trashed {older_than_days:g} or more days ago?", abort=True
        )
    migrate.upgrade(settings)
    with session_scope(make_engine(settings)) as session:
        result = trash.purge(session, timedelta(days=older_than_days))
    click.echo(f"Purged {result.dossiers} dossier(s) and {result.sources} source(s).")
