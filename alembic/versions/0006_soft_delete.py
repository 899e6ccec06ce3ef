"""soft delete: deleted_at on dossier and source

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 07:15:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ADD COLUMN (no batch copy): rebuilding `source` would drop its search triggers (0003).
def upgrade() -> None:
    op.add_column('dossier', sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('source', sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        # The batch copy of `source` above dropped the search triggers; put them back.
        from app.db_sqlite import create_search_index

        create_search_index(bind)
