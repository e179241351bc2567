"""Alembic owns the schema: upgrading an empty database gives exactly the models' schema, on
SQLite and on PostgreSQL; and a migration that rewrites data keeps it usable."""
from __future__ import annotations

import time

import pyotp
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from werkzeug.security import generate_password_hash

from tests.conftest import make_app
from tests.support.clients import client_at
from tests.support.console import PASSWORD, login, post
from tests.support.signing import sign
from undersigned.extensions import db
from undersigned.security import keyless

SEED = pyotp.random_base32()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """An empty database on each backend (no table, no ``alembic_version``)."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else \
        f"sqlite:///{tmp_path / 'm.sqlite3'}"
    yield url
    engine = sa.create_engine(url)
    _drop_everything(engine)
    engine.dispose()


def _drop_everything(engine) -> None:
    metadata = sa.MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)


def migrated_app(tmp_path, monkeypatch, url: str, **settings):
    app = make_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=url, **settings)
    with app.app_context():
        db.session.remove()
        _drop_everything(db.engine)
    return app


def test_migrations_build_the_models_schema(database, tmp_path, monkeypatch):
    app = migrated_app(tmp_path, monkeypatch, database)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def user_with_a_plain_seed() -> None:
    """A user who turned two-factor sign-in on before 0019 (the seed in plain text)."""
    with db.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO users (id, email, password_hash, roles, active, created_at, session_version, totp_secret) "
            "VALUES (1, 'org@example.org', :hash, 'organizer', :yes, CURRENT_TIMESTAMP, 1, :seed)"),
            {"hash": generate_password_hash(PASSWORD), "yes": True, "seed": SEED})


def users_table() -> str:
    with db.engine.connect() as connection:
        return str(connection.execute(sa.text("SELECT * FROM users")).all())


def test_upgrading_encrypts_the_seeds_already_there_and_they_still_sign_in(database, tmp_path, monkeypatch):
    app = migrated_app(tmp_path, monkeypatch, database, TOTP_ENCRYPTION_KEY="the-two-factor-key")
    with app.app_context():
        upgrade(revision="0018")
        user_with_a_plain_seed()
        upgrade()
        assert SEED not in users_table()
        db.session.remove()
    client = client_at(app, "192.0.2.190")
    assert login(client, "org@example.org").status_code == 302
    assert post(client, "/console/login/code", {"code": pyotp.TOTP(SEED).now()}).status_code == 302
    assert client.get("/console/").status_code == 200
    with app.app_context():
        db.session.remove()
        downgrade(revision="0018")
        assert SEED in users_table()  # downgrading decrypts them again


def test_without_a_key_the_upgrade_stops_before_changing_anything(database, tmp_path, monkeypatch, capfd):
    app = migrated_app(tmp_path, monkeypatch, database)
    keyless.defer_to_command(app, "SECRET_KEY is not set")  # as `flask db upgrade` loads without it
    with app.app_context():
        upgrade(revision="0018")
        user_with_a_plain_seed()
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error (to stderr) and exits
            upgrade()
        assert "encrypted with FLASK_TOTP_ENCRYPTION_KEY, or with FLASK_SECRET_KEY" in capfd.readouterr().err
        assert SEED in users_table()
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0018"


def test_upgrading_keeps_the_blocks_already_there_for_every_campaign(database, tmp_path, monkeypatch):
    app = migrated_app(tmp_path, monkeypatch, database)
    with app.app_context():
        upgrade(revision="0024")
        with db.engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO blocks (id, kind, value, note, created_at) "
                                       "VALUES (1, 'domain', 'spam.example', 'old', CURRENT_TIMESTAMP)"))
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT campaign, value, note FROM blocks")).all()
        db.session.remove()
    assert [tuple(row) for row in rows] == [(None, "spam.example", "old")]
    signer = {"first_name": "Jane", "last_name": "Doe", "letter_name": "Jane Doe", "country": "US",
              "us_state": "OR", "email": "bot@spam.example"}
    assert sign(client_at(app, "192.0.2.191"), app, "belarus_state_dept", **signer).status_code == 403
