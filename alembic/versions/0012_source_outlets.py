"""an index of the sources' outlets: the search form's outlet list without reading every row

Revision ID: 0012_source_outlets
Revises: 0011_source_keys

The outlet list of the search page (``app.services.search.outlet_choices``) groups the live
sources by outlet; without this covering index that reads every source row (on SQLite past
its text), on every search page.
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0012_source_outlets'
down_revision: str | None = '0011_source_keys'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain CREATE INDEX, not a batch: `source` has search triggers (see 0006).
    op.create_index('ix_source_outlets', 'source', ['outlet', 'deleted_at', 'dossier_id'])


def downgrade() -> None:
    op.drop_index('ix_source_outlets', table_name='source')
