"""Upgrading keeps the delivered count of letters sent before the count became a counter."""
from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import upgrade

from tests.conftest import make_app
from undersigned.campaigns import counters
from undersigned.extensions import db


def test_letters_sent_before_the_upgrade_stay_counted(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.sqlite3'}")
    rows = [  # id, kind, campaign, status, digest_id
        (1, "letter", "roads", "sent", None), (2, "letter", "roads", "queued", None),
        (3, "digest", "parks", "sent", None), (4, "letter", "parks", "digested", 3),
        (5, "letter", "parks", "digested", 3), (6, "digest", "parks", "queued", None),
        (7, "letter", "parks", "digested", 6), (8, "confirm", "roads", "sent", None)]
    with app.app_context():
        db.drop_all()
        upgrade(revision="0014")
        with db.engine.begin() as connection:
            for id_, kind, campaign, status, digest in rows:
                connection.execute(sa.text(
                    "INSERT INTO outbox (id, kind, campaign, to_address, subject, body_text, language, "
                    "automatic, status, attempts, next_attempt_at, created_at, digest_id) VALUES "
                    "(:id, :kind, :campaign, 'a@example.org', 's', 'b', 'en', 1, :status, 0, "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :digest)"),
                    dict(id=id_, kind=kind, campaign=campaign, status=status, digest=digest))
        upgrade()
        assert counters.totals("roads").get(counters.DELIVERED) == 1
        assert counters.totals("parks").get(counters.DELIVERED) == 2
