"""help desk: supporters' help requests and the answers to them

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 03:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'help_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('state', sa.String(length=2), nullable=True),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.Column('erased_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_help_requests')),
    )
    op.create_index(op.f('ix_help_requests_campaign'), 'help_requests', ['campaign'])
    op.create_index(op.f('ix_help_requests_status'), 'help_requests', ['status'])
    op.create_table(
        'help_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('from_organizer', sa.Boolean(), nullable=False),
        sa.Column('author', sa.String(length=254), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['request_id'], ['help_requests.id'],
                                name=op.f('fk_help_messages_request_id_help_requests'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_help_messages')),
    )
    op.create_index(op.f('ix_help_messages_request_id'), 'help_messages', ['request_id'])


def downgrade():
    op.drop_table('help_messages')
    op.drop_table('help_requests')
