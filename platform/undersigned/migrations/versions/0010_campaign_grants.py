"""campaign grants: which campaigns each organizer may run

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 03:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'campaign_grants',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('campaign', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_campaign_grants_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'campaign', name=op.f('pk_campaign_grants')),
    )


def downgrade():
    op.drop_table('campaign_grants')
