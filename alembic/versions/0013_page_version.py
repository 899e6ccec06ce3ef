"""page version: one row that triggers move on every write pages show

Revision ID: 0013_page_version
Revises: 0012_source_outlets

Web workers key their rendered-page cache on it (``app.db_page_version``), so a page is never
served stale after another process changed the data.
"""
from collections.abc import Sequence

from alembic import op
from app import db_page_version

revision: str = '0013_page_version'
down_revision: str | None = '0012_source_outlets'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    db_page_version.create(op.get_bind())


def downgrade() -> None:
    db_page_version.drop(op.get_bind())
