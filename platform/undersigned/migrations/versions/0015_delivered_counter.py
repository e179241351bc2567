"""delivered counter: letters already delivered are counted once into the counters table

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-24 05:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    # letters sent alone, and letters carried by a digest that was sent (the email channel)
    op.execute("""
        INSERT INTO counters (campaign, name, shard, value)
        SELECT letter.campaign, 'delivered', 0, COUNT(*)
        FROM outbox AS letter LEFT JOIN outbox AS digest ON letter.digest_id = digest.id
        WHERE letter.campaign IS NOT NULL AND letter.kind = 'letter'
          AND (letter.status = 'sent' OR (letter.status = 'digested' AND digest.status = 'sent'))
        GROUP BY letter.campaign
    """)


def downgrade():
    op.execute("DELETE FROM counters WHERE name = 'delivered'")
