"""signature indexes: a campaign's rows by id, by status and id, and by time (console pages,
export, bursts on a million rows), and a joint letter's approved co-signers; they replace the
index on campaign alone

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-24 07:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.create_index('ix_signatures_campaign_id', ['campaign', 'id'], unique=False)
        batch_op.create_index('ix_signatures_campaign_status_id', ['campaign', 'status', 'id'], unique=False)
        batch_op.create_index('ix_signatures_campaign_created_at', ['campaign', 'created_at'], unique=False)
        batch_op.create_index('ix_signatures_campaign_approved', ['campaign', 'approved_at'], unique=False,
                              postgresql_where=sa.text('approved_at IS NOT NULL'),
                              sqlite_where=sa.text('approved_at IS NOT NULL'))
        batch_op.drop_index('ix_signatures_campaign')


def downgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.create_index('ix_signatures_campaign', ['campaign'], unique=False)
        batch_op.drop_index('ix_signatures_campaign_approved')
        batch_op.drop_index('ix_signatures_campaign_created_at')
        batch_op.drop_index('ix_signatures_campaign_status_id')
        batch_op.drop_index('ix_signatures_campaign_id')
