"""unsubscriptions: mailboxes (keyed hashes) that want no optional mail from a campaign

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 03:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'unsubscriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('mailbox_hash', sa.String(length=32), nullable=False),
        sa.Column('campaign', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unsubscriptions')),
        sa.UniqueConstraint('mailbox_hash', 'campaign', name=op.f('uq_unsubscriptions_mailbox_hash')),
    )


def downgrade():
    op.drop_table('unsubscriptions')
