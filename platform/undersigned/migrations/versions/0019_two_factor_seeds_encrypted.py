"""two-factor seeds encrypted at rest (TOTP_ENCRYPTION_KEY), recovery codes, and the seed being
enrolled kept on the server instead of in the session cookie

Every seed in ``users.totp_secret`` is encrypted into ``users.totp_seed_encrypted`` and the plain
column is dropped, so this migration needs the key: ``FLASK_TOTP_ENCRYPTION_KEY``, or
``FLASK_SECRET_KEY`` while that is unset (without either it stops before changing anything, if
any user has two-factor sign-in on).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from flask import current_app

from undersigned.security.encryption import decrypt_seed, encrypt_seed


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def _convert(source: str, target: str, convert) -> None:
    """Write ``convert(source)`` into ``target`` for every user with a seed."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(f"SELECT id, {source} FROM users WHERE {source} IS NOT NULL")).all()
    for user_id, value in rows:
        connection.execute(sa.text(f"UPDATE users SET {target} = :value WHERE id = :id"),
                           {"value": convert(value), "id": user_id})


def upgrade():
    if op.get_bind().execute(sa.text("SELECT COUNT(*) FROM users WHERE totp_secret IS NOT NULL")).scalar():
        encrypt_seed("a test of the key", current_app)  # no key: stop before any change
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_seed_encrypted', sa.String(length=255), nullable=True))
    _convert('totp_secret', 'totp_seed_encrypted', lambda seed: encrypt_seed(seed, current_app))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_secret')

    op.create_table('totp_recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    with op.batch_alter_table('totp_recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_totp_recovery_codes_user_id'), ['user_id'], unique=False)

    op.create_table('totp_enrolments',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('seed_encrypted', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('totp_enrolments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_totp_enrolments_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('totp_enrolments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_totp_enrolments_user_id'))
    op.drop_table('totp_enrolments')
    with op.batch_alter_table('totp_recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_totp_recovery_codes_user_id'))
    op.drop_table('totp_recovery_codes')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
    _convert('totp_seed_encrypted', 'totp_secret', lambda token: decrypt_seed(token, current_app))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_seed_encrypted')
