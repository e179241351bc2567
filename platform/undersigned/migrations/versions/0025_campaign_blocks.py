"""fraud blocks belong to a campaign; the blocks kept so far apply to every campaign

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 19:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    # existing rows keep campaign NULL: global blocks, as they were
    with op.batch_alter_table('blocks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('campaign', sa.String(length=64), nullable=True))
        batch_op.drop_constraint('uq_blocks_kind_value', type_='unique')
        batch_op.create_unique_constraint('uq_blocks_campaign_kind_value', ['campaign', 'kind', 'value'])
        batch_op.create_index(batch_op.f('ix_blocks_campaign'), ['campaign'], unique=False)


def downgrade():
    op.execute(sa.text("DELETE FROM blocks WHERE campaign IS NOT NULL"))
    with op.batch_alter_table('blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blocks_campaign'))
        batch_op.drop_constraint('uq_blocks_campaign_kind_value', type_='unique')
        batch_op.create_unique_constraint('uq_blocks_kind_value', ['kind', 'value'])
        batch_op.drop_column('campaign')
