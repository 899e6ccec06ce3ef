"""``communique import``: store files or folders of articles as sources of a dossier.

Each file is its own transaction, so an interrupted bulk import leaves only complete sources
and running it again stores the rest (duplicates are recognised by their text's hash).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from app.ingest import HTML_TYPES, TEXT_TYPES, IngestError, extract_upload

SUFFIXES = {*TEXT_TYPES, *HTML_TYPES}


@dataclass
class ImportSummary:
    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def expand_paths(paths: tuple[Path, ...]) -> list[Path]:
    """Files as given, and the supported files inside folders (sorted, recursive)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES))
        else:
            found.append(path)
    return found


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dossier", "dossier_id", type=int, help="Add to the dossier with this id.")
@click.option("--new-dossier", "new_title", help="Create a dossier with this title first.")
@click.option("--outlet", default="", help="Outlet of the article(s).")
@click.option("--url", default="", help="Address of the article (http or https).")
@click.option(
    "--date", "published", type=click.DateTime(["%Y-%m-%d"]), help="Published, YYYY-MM-DD."
)
@click.option("--title", default="", help="Title (defaults to the HTML title when present).")
@click.option(
    "--role", type=click.Choice(["primary", "report"]), default="report", show_default=True
)
def import_cmd(
    paths: tuple[Path, ...],
    dossier_id: int | None,
    new_title: str | None,
    outlet: str,
    url: str,
    published: object,
    title: str,
    role: str,
) -> None:
    """Import PATHS (files or folders of .txt, .md, .html) into a dossier."""
    if (dossier_id is None) == (new_title is None):
        raise click.UsageError("give exactly one of --dossier ID or --new-dossier TITLE")
    from app import migrate  # noqa: PLC0415
    from app.db import make_engine  # noqa: PLC0415
    from app.settings import get_settings  # noqa: PLC0415

    settings = get_settings()
    migrate.upgrade(settings)
    engine = make_engine(settings)
    target = _resolve_dossier(engine, dossier_id, new_title)
    meta = {
        "outlet": outlet,
        "url": url,
        "title": title,
        "role": role,
        "published_date": published.date() if hasattr(published, "date") else None,
    }
    files = expand_paths(paths)
    summary = ImportSummary()
    with click.progressbar(
        files, label="Importing", show_pos=True, file=sys.stderr if len(files) > 1 else None
    ) as bar:
        for path in bar:
            _import_one(engine, target, path, meta, settings.max_upload_bytes, summary)
    _report(summary, target)
    if summary.refused and not summary.stored and not summary.duplicates:
        sys.exit(1)


def _resolve_dossier(engine: object, dossier_id: int | None, new_title: str | None) -> int:
    from app.db import session_scope  # noqa: PLC0415
    from app.models import DossierCreate  # noqa: PLC0415
    from app.services import dossiers  # noqa: PLC0415
    from app.services.errors import NotFound  # noqa: PLC0415

    with session_scope(engine) as session:  # type: ignore[arg-type]
        if new_title is not None:
            if not new_title.strip():
                raise click.UsageError("--new-dossier needs a non-empty title")
            created = dossiers.create_dossier(session, DossierCreate(title=new_title))
            assert created.id is not None
            return created.id
        assert dossier_id is not None
        try:
            return dossiers.get_dossier(session, dossier_id).id or dossier_id
        except NotFound as exc:
            raise click.UsageError(exc.message) from exc


def _import_one(
    engine: object,
    dossier_id: int,
    path: Path,
    meta: dict[str, object],
    max_bytes: int,
    summary: ImportSummary,
) -> None:
    from pydantic import ValidationError  # noqa: PLC0415

    from app.db import session_scope  # noqa: PLC0415
    from app.models import SourceCreate  # noqa: PLC0415
    from app.services import sources  # noqa: PLC0415
    from app.services.errors import DuplicateSource, ServiceError  # noqa: PLC0415

    try:
        if not path.is_file():
            raise IngestError(f"{path}: no such file.")
        raw = path.read_bytes()
        doc = extract_upload(raw, path.name, "", max_bytes)
        data = SourceCreate.model_validate(
            {
                **meta,
                "title": meta["title"] or doc.title,
                "author": doc.author,
                "published_date": meta["published_date"] or doc.published_date,
                "text": doc.text,
                "original": raw,
                "media_type": doc.media_type,
                "filename": path.name,
            }
        )
        with session_scope(engine) as session:  # type: ignore[arg-type]
            stored = sources.import_source(session, dossier_id, data)
            summary.stored.append(f"{path}: stored as source {stored.id}")
    except DuplicateSource as exc:
        summary.duplicates.append(f"{path}: {exc.message}")
    except (IngestError, ServiceError) as exc:
        summary.refused.append(f"{path}: {exc.message}")
    except ValidationError as exc:
        first = exc.errors()[0]
        summary.refused.append(f"{path}: {'.'.join(map(str, first['loc']))}: {first['msg']}")


def _report(summary: ImportSummary, dossier_id: int) -> None:
    click.echo(
        f"Dossier {dossier_id}: {len(summary.stored)} stored, "
        f"{len(summary.duplicates)} skipped as duplicate, {len(summary.refused)} refused."
    )
    for line in summary.stored:
        click.echo(f"  stored     {line}")
    for line in summary.duplicates:
        click.echo(f"  duplicate  {line}")
    for line in summary.refused:
        click.echo(f"  refused    {line}", err=True)
