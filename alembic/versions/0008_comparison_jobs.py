"""comparison jobs: background comparison state; comparison_run.source_ids

Revision ID: 0008
Revises: 0007
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('comparison_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('input_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('comparison_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comparison_job_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comparison_job_status'), ['status'], unique=False)
    op.add_column('comparison_run', sa.Column('source_ids', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('comparison_run', schema=None) as batch_op:
        batch_op.drop_column('source_ids')
    with op.batch_alter_table('comparison_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comparison_job_status'))
        batch_op.drop_index(batch_op.f('ix_comparison_job_dossier_id'))
    op.drop_table('comparison_job')
