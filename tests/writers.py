"""A backup taken while another thread keeps importing sources (the no-data-loss tests)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from sqlmodel import Session

from app.cli import main
from app.db import make_engine
from app.models import DossierCreate, SourceCreate
from app.services import dossiers, sources
from app.settings import Settings


def backup_while_writing(
    settings: Settings, title: str, article: Callable[[int], str], target: Path, most: int
) -> list[int]:
    """Run ``communique backup target`` once 20 sources are in, while a writer goes on adding
    ``article(n)`` (up to ``most``); return the numbers of the articles written."""
    engine = make_engine(settings)
    with Session(engine) as session:
        dossier_id = dossiers.create_dossier(session, DossierCreate(title=title)).id
    assert dossier_id is not None
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        n = 0
        while not stop.is_set() and n < most:
            with Session(engine) as session:
                sources.import_source(session, dossier_id, SourceCreate(text=article(n)))
            written.append(n)
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:
            time.sleep(0.01)
        runner = CliRunner(env={"COMMUNIQUE_DATABASE_URL": settings.database_url})
        result = runner.invoke(main, ["backup", str(target)])
        assert result.exit_code == 0, result.output
    finally:
        stop.set()
        thread.join()
        engine.dispose()
    return written
