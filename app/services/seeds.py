"""Load the seed dossier from ``seeds/manifest.json``; idempotent (safe at every start)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from app.ingest import decode_text
from app.models import DossierCreate, SourceCreate
from app.services import dossiers, sources


@dataclass(frozen=True, slots=True)
class SeedResult:
    dossier_id: int
    created: bool
    sources_added: int


def _read_manifest(seeds_dir: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((seeds_dir / "manifest.json").read_text("utf-8"))
    return manifest


def load_seeds(session: Session, seeds_dir: Path) -> SeedResult:
    """Create the seed dossier and any missing seed source, in one transaction.

    A source already present (same text in the dossier) is skipped, so restarts never
    duplicate anything.
    """
    manifest = _read_manifest(seeds_dir)
    meta = DossierCreate.model_validate(manifest["dossier"])
    dossier = dossiers.find_by_title(session, meta.title)
    created = dossier is None
    if dossier is None:
        dossier = dossiers.add_dossier(session, meta)
    assert dossier.id is not None
    added = 0
    for entry in manifest["sources"]:
        raw = (seeds_dir / entry["file"]).read_bytes()
        text = decode_text(raw, entry["file"])
        if sources.find_duplicate(session, dossier.id, sources.text_sha256(text)):
            continue
        fields = {k: v for k, v in entry.items() if k != "file"}
        data = SourceCreate.model_validate(
            {**fields, "text": text, "original": raw, "filename": entry["file"]}
        )
        sources.stage_source(session, dossier, data)
        added += 1
    session.commit()
    return SeedResult(dossier_id=dossier.id, created=created, sources_added=added)
