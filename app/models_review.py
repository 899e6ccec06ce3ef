"""Review decisions: an editor's verdict on the engine's suggestions, anchored to text spans.

A decision never refers to engine ids (alignment or claim group ids change whenever the
content changes). It points at one or two text spans (anchors ``a`` and ``b``): the source id,
the character offsets into the source's stored text at the time of the decision, the quoted
text and a little context before and after it (see :mod:`app.services.anchors`).

``kind``/``action`` pairs and what the anchors mean:

- ``alignment``/``confirm`` | ``reject`` | ``link``: ``a`` and ``b`` are sentences of two
  different sources that do (confirm, link) or do not (reject) report the same claim;
- ``membership``/``move``: sentence ``a`` belongs to the claim group holding sentence ``b``;
- ``membership``/``detach``: sentence ``a`` belongs to no group (a claim of its own);
- ``membership``/``split``: sentences ``a`` and ``b`` of one group belong to two groups (the
  other members follow the nearer of the two); ``merge``: the groups of ``a`` and ``b`` are one;
- ``claim`` | ``unique``/``verify`` | ``dispute``: the claim group holding sentence ``a``,
  or the unique fact ``a``, was checked and found right (verify) or doubtful (dispute).

The source ids carry no foreign key on purpose: deleting a source must not delete the
decisions that quote it; they are flagged as needing a second look instead.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from app.models import UTCDateTime, utcnow

AUTHOR_MAX = 100
CONTEXT_MAX = 200
NOTE_MAX = 2000


class ReviewDecision(SQLModel, table=True):
    __tablename__ = "review_decision"

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("dossier.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    kind: str = Field(max_length=20)
    action: str = Field(max_length=20)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    author: str = Field(max_length=AUTHOR_MAX)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    a_source_id: int
    a_start: int
    a_end: int
    a_text: str = Field(sa_column=Column(Text, nullable=False))
    a_before: str = Field(default="", max_length=CONTEXT_MAX)
    a_after: str = Field(default="", max_length=CONTEXT_MAX)

    b_source_id: int | None = None
    b_start: int | None = None
    b_end: int | None = None
    b_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    b_before: str | None = Field(default=None, max_length=CONTEXT_MAX)
    b_after: str | None = Field(default=None, max_length=CONTEXT_MAX)
