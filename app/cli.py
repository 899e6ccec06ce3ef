"""The ``communique`` command: serve, worker, db upgrade, seed, import, compare.

Heavy modules (the web stack, the engine) are imported inside commands so that each call
starts fast; ``compare`` in particular is run once per process by scripts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from app.settings import Settings


def _settings() -> Settings:
    # pydantic-settings costs ~0.1 s to import; `compare` never needs it.
    from app.settings import get_settings  # noqa: PLC0415

    return get_settings()


class _Main(click.Group):
    """The root group: other commands register on first lookup (the ``communique`` script
    itself is :func:`app.console.main`, which runs a plain ``compare`` without click)."""

    _registered = False

    def _register(self) -> None:
        if not self._registered:
            type(self)._registered = True
            _register_commands()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._register()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._register()
        return super().list_commands(ctx)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Communiqué: compare how outlets report the same event."""


@main.command()
@click.option("--host", default=None, help="Interface to bind (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000, or COMMUNIQUE_PORT).")
@click.option("--reload", is_flag=True, help="Restart when the code changes (development).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Web worker processes (uvicorn); they share the database and its job queue.",
)
def serve(host: str | None, port: int | None, reload: bool, workers: int) -> None:
    """Migrate the database, load the seeds if needed, and serve the web app."""
    import uvicorn  # noqa: PLC0415

    from app import migrate  # noqa: PLC0415

    if reload and workers > 1:
        raise click.UsageError("--reload serves with one worker; drop --workers.")
    if host:
        os.environ["COMMUNIQUE_HOST"] = host
    if port:
        os.environ["COMMUNIQUE_PORT"] = str(port)
    settings = _settings()
    migrate.upgrade(settings)
    if workers > 1:
        _prepare_for_workers(settings)
    click.echo(f"Communiqué on http://{settings.host}:{settings.port}  (Ctrl+C to stop)")
    uvicorn.run(
        "app.web.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        reload=reload,
        workers=workers,
        log_level="debug" if settings.debug else "info",
        # uvicorn believes X-Forwarded-For from 127.0.0.1 by default; the app does that itself,
        # only for the addresses in the trusted_proxies setting.
        proxy_headers=False,
    )


def _prepare_for_workers(settings: Settings) -> None:
    """Seed (and make the secret key) once here, so N worker processes starting together
    neither race to create the seed dossier nor run the migrations again."""
    from app.db import make_engine, session_scope  # noqa: PLC0415
    from app.services.seeds import load_seeds  # noqa: PLC0415
    from app.settings import resolve_secret_key  # noqa: PLC0415

    resolve_secret_key(settings)
    if settings.load_seeds and (settings.seeds_dir / "manifest.json").exists():
        engine = make_engine(settings)
        with session_scope(engine) as session:
            load_seeds(session, settings.seeds_dir)
        engine.dispose()
    os.environ["COMMUNIQUE_MIGRATE_ON_START"] = "false"
    os.environ["COMMUNIQUE_LOAD_SEEDS"] = "false"


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION."""
    from app import migrate  # noqa: PLC0415

    settings = _settings()
    migrate.upgrade(settings, revision)
    click.echo(f"Database at {settings.database_url} is at revision {revision}.")


@db.command("downgrade")
@click.option("--revision", default="base", show_default=True)
@click.confirmation_option(prompt="Downgrading can drop data. Continue?")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION."""
    from app import migrate  # noqa: PLC0415

    migrate.downgrade(_settings(), revision)
    click.echo(f"Database downgraded to {revision}.")


@main.command()
def seed() -> None:
    """Load the seed dossier (idempotent: nothing is duplicated)."""
    from app import migrate  # noqa: PLC0415
    from app.db import make_engine, session_scope  # noqa: PLC0415
    from app.services.seeds import load_seeds  # noqa: PLC0415

    settings = _settings()
    migrate.upgrade(settings)
    with session_scope(make_engine(settings)) as session:
        result = load_seeds(session, settings.seeds_dir)
    state = "created" if result.created else "already there"
    click.echo(f"Seed dossier {result.dossier_id} {state}; {result.sources_added} source(s) added.")


@main.command("compare")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def compare_cmd(files: tuple[Path, ...], as_json: bool) -> None:
    """Compare two or more UTF-8 text files and print the result."""
    from app.commands.compare import run_compare  # noqa: PLC0415

    sys.exit(run_compare(list(files), as_json))


def _register_commands() -> None:
    from app.commands.backup import backup_cmd, purge_cmd, restore_cmd  # noqa: PLC0415
    from app.commands.copy_db import copy_db_cmd  # noqa: PLC0415
    from app.commands.importer import import_cmd  # noqa: PLC0415
    from app.commands.users import user_cmd  # noqa: PLC0415
    from app.commands.worker import worker_cmd  # noqa: PLC0415

    commands = (import_cmd, backup_cmd, restore_cmd, purge_cmd, user_cmd, copy_db_cmd, worker_cmd)
    for command in commands:
        main.add_command(command)


if __name__ == "__main__":
    main()
