"""segment kinds for article furniture: byline, dateline, credit, timestamp, boilerplate

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 11:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ('sentence', 'heading', 'caption', 'list_item')
NEW = OLD + ('byline', 'dateline', 'credit', 'timestamp', 'boilerplate')


# `segment` has no triggers, so a batch copy is safe (unlike `source`, see 0006).
def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        # A native enum: the type itself gains the values (the column keeps its type).
        for value in NEW[len(OLD):]:
            op.execute(f"ALTER TYPE segmentkind ADD VALUE IF NOT EXISTS '{value}'")
        return
    with op.batch_alter_table('segment', schema=None) as batch_op:
        batch_op.alter_column(
            'kind',
            existing_type=sa.Enum(*OLD, name='segmentkind'),
            type_=sa.Enum(*NEW, name='segmentkind'),
            existing_nullable=False,
        )


def downgrade() -> None:
    # furniture segments become captions (the closest old kind) before the type narrows
    op.execute(
        "UPDATE segment SET kind = 'caption' WHERE kind IN "
        "('byline', 'dateline', 'credit', 'timestamp', 'boilerplate')"
    )
    if op.get_bind().dialect.name == 'postgresql':
        # PostgreSQL cannot drop an enum value: swap the column to a narrower type.
        old = "', '".join(OLD)
        op.execute(f"CREATE TYPE segmentkind_old AS ENUM ('{old}')")
        op.execute(
            "ALTER TABLE segment ALTER COLUMN kind TYPE segmentkind_old "
            "USING kind::text::segmentkind_old"
        )
        op.execute("DROP TYPE segmentkind")
        op.execute("ALTER TYPE segmentkind_old RENAME TO segmentkind")
        return
    with op.batch_alter_table('segment', schema=None) as batch_op:
        batch_op.alter_column(
            'kind',
            existing_type=sa.Enum(*NEW, name='segmentkind'),
            type_=sa.Enum(*OLD, name='segmentkind'),
            existing_nullable=False,
        )
