"""comparison jobs shared by worker processes: claim, lease and attempts; one queued and one
running job per dossier at most (partial unique indexes); a covering index of the home page's
per-dossier source stats

Revision ID: 0010_job_leases
Revises: 0009
Create Date: 2026-12-01 13:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010_job_leases'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNNING = sa.text("status = 'running'")
QUEUED = sa.text("status = 'queued'")


def upgrade() -> None:
    with op.batch_alter_table('comparison_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'claimed_by', sqlmodel.sql.sqltypes.AutoString(length=200),
            nullable=False, server_default='',
        ))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
    # Jobs a stopped process left running had no lease: queue them again, and keep one queued
    # job per dossier (the oldest; a job compares the content as it is when it starts), so the
    # unique indexes below can be built.
    op.execute("UPDATE comparison_job SET status = 'queued' WHERE status = 'running'")
    op.execute(
        "DELETE FROM comparison_job WHERE status = 'queued' AND id NOT IN "
        "(SELECT MIN(id) FROM comparison_job WHERE status = 'queued' GROUP BY dossier_id)"
    )
    with op.batch_alter_table('comparison_job', schema=None) as batch_op:
        batch_op.create_index(
            'uq_comparison_job_one_running', ['dossier_id'], unique=True,
            sqlite_where=RUNNING, postgresql_where=RUNNING,
        )
        batch_op.create_index(
            'uq_comparison_job_one_queued', ['dossier_id'], unique=True,
            sqlite_where=QUEUED, postgresql_where=QUEUED,
        )
    # Plain CREATE INDEX, not a batch: `source` has search triggers (see 0006).
    op.create_index(
        'ix_source_dossier_stats', 'source',
        ['dossier_id', 'deleted_at', 'published_date', 'updated_at', 'id'],
    )


def downgrade() -> None:
    op.drop_index('ix_source_dossier_stats', table_name='source')
    with op.batch_alter_table('comparison_job', schema=None) as batch_op:
        batch_op.drop_index('uq_comparison_job_one_queued')
        batch_op.drop_index('uq_comparison_job_one_running')
        batch_op.drop_column('attempts')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('claimed_by')
