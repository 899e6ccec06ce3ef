"""comparison cache: one stored engine result per dossier content

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('comparison_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('input_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('engine_version', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('comparison_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comparison_run_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comparison_run_input_hash'), ['input_hash'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('comparison_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comparison_run_input_hash'))
        batch_op.drop_index(batch_op.f('ix_comparison_run_dossier_id'))

    op.drop_table('comparison_run')
