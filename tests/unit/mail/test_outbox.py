"""Queueing a message (mail.outbox): no header can be injected through a subject."""
from __future__ import annotations

import pytest

from undersigned.mail.outbox import enqueue
from undersigned.mail.transports import build_message


@pytest.mark.parametrize("subject", ["Hi\r\nBcc: victim@example.org", "Hi\nBcc: victim@example.org",
                                     "Hi\rBcc: victim@example.org", "Hi\u2028Bcc: victim@example.org"])
def test_no_header_can_be_injected_through_a_subject(app, subject):
    with app.test_request_context():
        message = enqueue(kind="test", to="reader@example.org", subject=subject, template="emails/letter",
                          language="en", letter="body")
        assert "\n" not in message.subject and "\r" not in message.subject
        built = build_message(app, message)
    assert built["Bcc"] is None
    assert "victim@example.org" in built["Subject"]  # kept as text, on the one line
    assert b"\nBcc:" not in bytes(built)
