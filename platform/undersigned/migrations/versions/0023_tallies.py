"""tallies: the bars of a campaign's charts, kept as signatures change (fill them from the
signatures with ``flask signatures recount`` after upgrading)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 19:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tallies',
    sa.Column('campaign', sa.String(length=64), nullable=False),
    sa.Column('chart', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('shard', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('campaign', 'chart', 'key', 'shard', name=op.f('pk_tallies'))
    )


def downgrade():
    op.drop_table('tallies')
