"""Rotating ``SECRET_KEY`` and ``IP_HASH_KEY``: with the retired key listed, links already
e-mailed still open and a mailbox unsubscribed before stays unsubscribed; without it, they do not."""
from __future__ import annotations

import re

from sqlalchemy import select

from tests.conftest import make_app
from tests.support.outbox import deliver
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, link_in, sign
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.unsubscribe import service

SLUG = "belarus_state_dept"
OLD, NEW = "the-old-secret-key", "the-new-secret-key"


def e_mailed_confirmation(tmp_path, monkeypatch) -> str:
    """Sign under the old key; the path of the confirmation link in the e-mail."""
    app = make_app(tmp_path, monkeypatch, SECRET_KEY=OLD)
    assert sign(app.test_client(), app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    deliver(app)
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage.body_text).filter_by(kind="confirm")).one()
    return re.sub(r"^https?://[^/]+", "", link_in(body))


def confirm(app, path: str) -> int:
    client = app.test_client()
    page = client.get(path)
    if page.status_code != 200:
        return page.status_code
    return client.post(path, data={"csrf_token": form_inputs(page.get_data(as_text=True))["csrf_token"]}).status_code


def test_a_confirmation_link_signed_with_the_retired_key_still_confirms(tmp_path, monkeypatch):
    path = e_mailed_confirmation(tmp_path, monkeypatch)
    rotated = make_app(tmp_path, monkeypatch, SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[OLD])
    assert confirm(rotated, path) == 302


def test_without_the_retired_key_the_link_is_refused(tmp_path, monkeypatch):
    path = e_mailed_confirmation(tmp_path, monkeypatch)
    assert confirm(make_app(tmp_path, monkeypatch, SECRET_KEY=NEW), path) == 404


def unsubscribe_under(app) -> str:
    with app.test_request_context():
        token = service.unsubscribe_url("jane@example.org", SLUG, "en").rsplit("/", 1)[1]
        service.unsubscribe(*service.read_token(token))
    return token


def test_an_unsubscribed_mailbox_stays_unsubscribed_after_the_hash_key_changes(tmp_path, monkeypatch):
    unsubscribe_under(make_app(tmp_path, monkeypatch, IP_HASH_KEY="old-hash-key"))
    rotated = make_app(tmp_path, monkeypatch, IP_HASH_KEY="new-hash-key", IP_HASH_KEY_PREVIOUS=["old-hash-key"])
    forgetful = make_app(tmp_path, monkeypatch, IP_HASH_KEY="new-hash-key")
    with rotated.app_context():
        assert service.is_unsubscribed("jane@example.org", SLUG)
        assert not service.is_unsubscribed("ann@example.org", SLUG)
    with forgetful.app_context():
        assert not service.is_unsubscribed("jane@example.org", SLUG)


def test_rotating_the_secret_key_keeps_unsubscriptions_and_their_links_while_it_is_the_hash_key(tmp_path, monkeypatch):
    token = unsubscribe_under(make_app(tmp_path, monkeypatch, SECRET_KEY=OLD))
    rotated = make_app(tmp_path, monkeypatch, SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[OLD])
    with rotated.app_context():
        assert service.is_unsubscribed("jane@example.org", SLUG)
        assert service.read_token(token) is not None
    assert rotated.test_client().get(f"/unsubscribe/{token}").status_code == 200
