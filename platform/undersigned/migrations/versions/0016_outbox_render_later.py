"""outbox render later: messages queued unrendered carry their template and context

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-24 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('render_context', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('render_context')
        batch_op.drop_column('template')
