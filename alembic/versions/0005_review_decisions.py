"""review decisions: editors' verdicts anchored to text spans (no change to the source table)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 07:11:02.080628
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('review_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('a_source_id', sa.Integer(), nullable=False),
    sa.Column('a_start', sa.Integer(), nullable=False),
    sa.Column('a_end', sa.Integer(), nullable=False),
    sa.Column('a_text', sa.Text(), nullable=False),
    sa.Column('a_before', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('a_after', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('b_source_id', sa.Integer(), nullable=True),
    sa.Column('b_start', sa.Integer(), nullable=True),
    sa.Column('b_end', sa.Integer(), nullable=True),
    sa.Column('b_text', sa.Text(), nullable=True),
    sa.Column('b_before', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('b_after', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_decision_dossier_id'), ['dossier_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_decision_dossier_id'))

    op.drop_table('review_decision')
