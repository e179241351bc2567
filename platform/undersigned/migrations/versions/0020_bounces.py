"""bounces and complaints: the suppression list (addresses as keyed hashes), each report about
an outbox message, and a signature's undeliverable mark

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('suppressions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address_hash', sa.String(length=32), nullable=False),
    sa.Column('masked', sa.String(length=254), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=True),
    sa.Column('soft_bounces', sa.Integer(), nullable=False),
    sa.Column('campaign', sa.String(length=64), nullable=True),
    sa.Column('suppressed_at', sa.DateTime(), nullable=True),
    sa.Column('lifted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suppressions')),
    sa.UniqueConstraint('address_hash', name=op.f('uq_suppressions_address_hash'))
    )
    with op.batch_alter_table('suppressions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suppressions_suppressed_at'), ['suppressed_at'], unique=False)

    op.create_table('bounces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=True),
    sa.Column('campaign', sa.String(length=64), nullable=True),
    sa.Column('address_hash', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('permanent', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=True),
    sa.Column('diagnostic', sa.String(length=200), nullable=True),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], name=op.f('fk_bounces_outbox_id_outbox'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bounces')),
    sa.UniqueConstraint('outbox_id', 'kind', 'permanent', name='uq_bounces_outbox_kind_permanent')
    )
    with op.batch_alter_table('bounces', schema=None) as batch_op:
        batch_op.create_index('ix_bounces_campaign_kind', ['campaign', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_bounces_received_at'), ['received_at'], unique=False)

    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('undeliverable_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_column('undeliverable_at')

    with op.batch_alter_table('bounces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bounces_received_at'))
        batch_op.drop_index('ix_bounces_campaign_kind')

    op.drop_table('bounces')
    with op.batch_alter_table('suppressions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suppressions_suppressed_at'))

    op.drop_table('suppressions')
