"""The seed dossier: byte-for-byte texts, nothing invented, idempotent loading."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from app.models import Dossier, Segment, Source
from app.services.seeds import load_seeds
from app.settings import REPO_ROOT

SEEDS = REPO_ROOT / "seeds"


def test_seed_texts_are_stored_exactly_as_the_files(session: Session) -> None:
    load_seeds(session, SEEDS)
    stored = {s.filename: s for s in session.exec(select(Source)).all()}
    assert set(stored) == {"000_ecbd53d3eb4bde94.txt", "004_fa9c2dbb009d6029.txt"}
    for name, source in stored.items():
        raw = (SEEDS / name).read_bytes()
        assert source.original == raw
        assert source.text == raw.decode("utf-8")


def test_loading_twice_duplicates_nothing(session: Session) -> None:
    first = load_seeds(session, SEEDS)
    second = load_seeds(session, SEEDS)
    assert (first.created, first.sources_added) == (True, 2)
    assert (second.created, second.sources_added) == (False, 0)
    assert len(session.exec(select(Dossier)).all()) == 1
    assert len(session.exec(select(Source)).all()) == 2


def test_seed_sources_are_segmented_with_offsets_into_their_text(session: Session) -> None:
    load_seeds(session, SEEDS)
    for source in session.exec(select(Source)).all():
        segments = session.exec(select(Segment).where(Segment.source_id == source.id)).all()
        assert len(segments) >= 8
        for seg in segments:
            piece = source.text[seg.start : seg.end]
            assert piece and piece == piece.strip()


def test_manifest_invents_no_outlet_url_or_publication_date() -> None:
    manifest = json.loads((SEEDS / "manifest.json").read_text("utf-8"))
    for entry in manifest["sources"]:
        assert entry["outlet"] == "" and entry["url"] == ""
        assert entry["published_date"] is None


def test_seed_sources_have_readable_titles_taken_from_their_first_sentence(
    session: Session,
) -> None:
    from app.services.sources import label

    load_seeds(session, SEEDS)
    for source in session.exec(select(Source)).all():
        assert source.title and label(source) == source.title
        assert not source.title.startswith(("000_", "004_"))
        words = source.title.removesuffix("…")
        assert source.text.startswith(words), "the title is the start of the first sentence"
        first_sentence = source.text.split(". ")[0]
        assert len(words) < len(first_sentence) and len(source.title) <= 100
