"""Unsubscriptions: kept by a keyed hash of the mailbox per campaign, never the address."""
from __future__ import annotations

from sqlalchemy import select

from undersigned.extensions import db
from undersigned.unsubscribe import service
from undersigned.unsubscribe.models import Unsubscription


def test_the_token_names_the_mailbox_by_hash_and_unsubscribes_it_from_that_campaign_only(app):
    with app.test_request_context():
        url = service.unsubscribe_url("Jane.Doe+news@example.org", "potholes", "en")
        token = url.rsplit("/", 1)[1]
        assert "jane" not in url.lower() and "example.org" not in url
        service.unsubscribe(*service.read_token(token))

        assert service.is_unsubscribed("jane.doe@example.org", "potholes")  # the same mailbox
        assert not service.is_unsubscribed("jane.doe@example.org", "another_campaign")
        assert not service.is_unsubscribed("ann@example.org", "potholes")
        [row] = db.session.scalars(select(Unsubscription))
        assert "jane" not in row.mailbox_hash and len(row.mailbox_hash) == 32
        assert service.read_token(token[:-2] + "xx") is None
