"""a joint letter's public copy: the revision of each campaign's approved signatures (raised with
every change to them), and the public PDF drawn for a revision

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-25 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'approved_revisions',
        sa.Column('campaign', sa.String(length=64), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('campaign', name=op.f('pk_approved_revisions')),
    )
    op.create_table(
        'joint_letter_public_pdfs',
        sa.Column('campaign', sa.String(length=64), nullable=False),
        sa.Column('stamp', sa.String(length=64), nullable=False),
        sa.Column('pdf', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('campaign', name=op.f('pk_joint_letter_public_pdfs')),
    )


def downgrade():
    op.drop_table('joint_letter_public_pdfs')
    op.drop_table('approved_revisions')
