"""delivery channels: self_submit reminders, email digests and pacing

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-24 02:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_outbox_digest_id_outbox', 'outbox', ['digest_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_index('ix_outbox_to_address_next_attempt_at', ['to_address', 'next_attempt_at'])
        batch_op.create_index('ix_outbox_campaign_kind_status', ['campaign', 'kind', 'status'])


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_campaign_kind_status')
        batch_op.drop_index('ix_outbox_to_address_next_attempt_at')
        batch_op.drop_constraint('fk_outbox_digest_id_outbox', type_='foreignkey')
        batch_op.drop_column('digest_id')
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_column('reminded_at')
