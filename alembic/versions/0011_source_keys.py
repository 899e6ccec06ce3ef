"""search candidate filter on SQLite: an FTS5 table of each source's word keys

Revision ID: 0011_source_keys
Revises: 0010_job_leases

On SQLite: the ``source_keys`` FTS5 table (``app.db_sqlite_keys``), its triggers on ``source``
and the keys of every existing source. On PostgreSQL nothing: the ``keys`` tsvector of
``search_index`` (migration 0003) does the same there.
"""
from collections.abc import Sequence

from alembic import op
from app import db_sqlite_keys
from app.services.key_search import source_words

revision: str = '0011_source_keys'
down_revision: str | None = '0010_job_leases'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        db_sqlite_keys.create_keys_table(bind, source_words)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        db_sqlite_keys.drop_keys_table(bind)
