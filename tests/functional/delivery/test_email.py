"""The ``email`` channel's delivered event, signature after signature: a sent letter, alone or in a
digest, delivers each signature it carries, once."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.support.outbox import deliver, mails_to
from tests.unit.delivery.conftest import campaign_app, record_delivered, sign_and_confirm  # noqa: F401 (a fixture)
from undersigned.delivery.email import service
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage


def test_the_delivered_event_fires_once_per_signature_when_its_letter_is_sent(campaign_app):
    app = campaign_app("email")
    recorder = record_delivered(app)
    sign_and_confirm(app, app.slug, first_name="Rosa", last_name="Parks", email="rosa@example.org")
    assert recorder.delivered == []  # sending the confirmation e-mail delivered nothing

    assert deliver(app) == 1
    assert recorder.delivered == [(1, app.slug)]
    sign_and_confirm(app, app.slug, first_name="Ada", last_name="Lovelace", email="ada@example.org")
    deliver(app)
    assert deliver(app) == 0
    letters = mails_to(app, "mayor@city.example")
    assert [letter["Reply-To"] for letter in letters] == ["rosa@example.org", "ada@example.org"]
    assert recorder.delivered == [(1, app.slug), (2, app.slug)]


def test_a_sent_digest_fires_the_delivered_event_once_for_each_letter_it_carried(campaign_app):
    app = campaign_app("email", extra="OPTIONS = {'digest': True}")
    recorder = record_delivered(app)
    for name in ("rosa", "ada", "ana"):
        sign_and_confirm(app, app.slug, first_name=name, last_name="Doe", email=f"{name}@example.org")
    with app.app_context():  # a day passes: the three letters are yesterday's
        for letter in db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "letter")):
            letter.created_at -= dt.timedelta(days=1)
        db.session.commit()
    sign_and_confirm(app, app.slug, first_name="Bob", last_name="Doe", email="bob@example.org")  # tomorrow's
    assert recorder.delivered == []  # held letters are not delivered

    with app.app_context():
        assert service.queue_digest(app.extensions["undersigned"].campaigns.get(app.slug)) == 3
    assert recorder.delivered == []  # queued, not sent yet
    assert deliver(app) == 1
    assert len(mails_to(app, "mayor@city.example")) == 1
    assert recorder.delivered == [(1, app.slug), (2, app.slug), (3, app.slug)]
    assert deliver(app) == 0
    assert recorder.delivered == [(1, app.slug), (2, app.slug), (3, app.slug)]
