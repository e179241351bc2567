"""outbox: automatic mail and the unsubscribe address

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 02:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('automatic', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('unsubscribe_url', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe_url')
        batch_op.drop_column('automatic')
