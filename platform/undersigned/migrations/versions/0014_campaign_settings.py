"""campaign settings organizers change in the console; co-signers' order on a joint letter

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'campaign_settings',
        sa.Column('campaign', sa.String(length=64), nullable=False),
        sa.Column('goal', sa.Integer(), nullable=True),
        sa.Column('milestones', sa.String(length=200), nullable=True),
        sa.Column('opens', sa.Date(), nullable=True),
        sa.Column('closes', sa.Date(), nullable=True),
        sa.Column('paused', sa.Boolean(), nullable=True),
        sa.Column('help_address', sa.String(length=254), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('campaign', name=op.f('pk_campaign_settings')),
    )
    with op.batch_alter_table('signatures') as batch_op:
        batch_op.add_column(sa.Column('position', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('signatures') as batch_op:
        batch_op.drop_column('position')
    op.drop_table('campaign_settings')
