"""The ``email`` channel: its sent letter, and only that, delivers a signature."""
from __future__ import annotations

from tests.unit.delivery.conftest import deliver, mails_to, record_delivered, sign_and_confirm
from undersigned.delivery.email import EmailChannel
from undersigned.mail.models import OutboxMessage


def test_only_the_sent_letter_counts_as_delivered():
    channel = EmailChannel()
    assert channel.delivered(OutboxMessage(kind="letter"))
    assert not channel.delivered(OutboxMessage(kind="confirm"))
    assert not channel.delivered(OutboxMessage(kind="reminder"))


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
