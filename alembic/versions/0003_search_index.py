"""search index: SQLite FTS5 table over sources (and claim labels), kept in sync by triggers

Revision ID: 0003
Revises: 0002

On SQLite: the ``search_index`` FTS5 table, triggers on ``source`` (insert, update of the
indexed columns, delete) and on ``dossier`` (delete of its claim rows), and every existing
source indexed. On PostgreSQL: the same ``search_index`` as an ordinary table with a
``tsvector`` column under a GIN index and a trigger on ``source`` (``app.db_postgres``).
"""
from collections.abc import Sequence

from alembic import op
from app import db_postgres, db_sqlite


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        db_sqlite.create_search_index(bind)
    elif bind.dialect.name == 'postgresql':
        db_postgres.create_search_index(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        db_sqlite.drop_search_index(bind)
    elif bind.dialect.name == 'postgresql':
        db_postgres.drop_search_index(bind)
