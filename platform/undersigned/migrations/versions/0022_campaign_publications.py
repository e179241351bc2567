"""campaign publications: a draft campaign is shown to the public once published; the campaigns
shipped before drafts existed are recorded as published

Revision ID: 0022
Revises: 0020
Create Date: 2026-12-04 19:30:00.000000

"""
import datetime as dt

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0020'
branch_labels = None
depends_on = None

#: The campaigns the platform ships; every other campaign written before drafts is published too,
#: as it does not start as a draft.
SHIPPED = ("belarus_state_dept", "belarus_senate")


def upgrade():
    table = op.create_table('campaign_publications',
    sa.Column('campaign', sa.String(length=64), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('campaign', name=op.f('pk_campaign_publications'))
    )
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    op.bulk_insert(table, [{"campaign": slug, "published_at": now} for slug in SHIPPED])


def downgrade():
    op.drop_table('campaign_publications')
