"""The ``email`` channel: its sent letter, alone or in a digest, and only that, delivers a signature
(signature after signature in tests/functional/delivery/test_email.py)."""
from __future__ import annotations

from undersigned.delivery.email.channel import EmailChannel
from undersigned.mail.models import OutboxMessage


def test_only_the_sent_letter_counts_as_delivered():
    channel = EmailChannel()
    assert channel.delivered(OutboxMessage(kind="letter"))
    assert not channel.delivered(OutboxMessage(kind="confirm"))
    assert not channel.delivered(OutboxMessage(kind="reminder"))
