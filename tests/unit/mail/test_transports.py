"""One builder for every transport: what ``mailbox`` writes is byte for byte what ``smtp`` sends
(issue 7); addresses with a non-ASCII local part go out with SMTPUTF8, a non-ASCII domain alone
in IDNA (issue 8, item 6)."""
from __future__ import annotations

import email
import email.policy
import smtplib
from pathlib import Path

import pytest

from tests.conftest import free_port, use_smtp
from undersigned.extensions import db
from undersigned.mail.outbox import enqueue
from undersigned.mail.transports import MailboxTransport, SMTPTransport, build_message


class RawHandler:
    """Keeps each message exactly as the server received it, with its envelope."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], list[str], bytes]] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), list(envelope.mail_options),
                              envelope.original_content))
        return "250 Message accepted for delivery"


@pytest.fixture(params=[False, True], ids=["plain-server", "smtputf8-server"])
def raw_smtp(request):
    from aiosmtpd.controller import Controller

    handler = RawHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=request.param)
    controller.start()
    handler.port = controller.port
    handler.smtputf8 = request.param
    yield handler
    controller.stop()


def queued(app, to: str, reply_to: str | None = None):
    with app.test_request_context():
        message = enqueue(kind="test", to=to, reply_to=reply_to, subject="Ваша подпись: підпіс",
                          template="emails/letter", language="ru", letter="Письмо.\n.\n..begins with dots")
        db.session.commit()
        return message.id


def row(app, message_id: int):
    from undersigned.mail.models import OutboxMessage
    return db.session.get(OutboxMessage, message_id)


@pytest.mark.config(MAIL_DEFAULT_SENDER="Кампания <campaign@letters.example>")
@pytest.mark.parametrize("to", ["jane.doe@example.org", "ivan@почта.рф"])
def test_smtp_sends_byte_for_byte_what_the_mailbox_writes(app, raw_smtp, to):
    use_smtp(app, raw_smtp)
    message_id = queued(app, to, reply_to="signer@example.org")
    with app.app_context():
        SMTPTransport(app).send(row(app, message_id))
        MailboxTransport(app).send(row(app, message_id))
    [(sender, recipients, options, sent)] = raw_smtp.received
    [written] = Path(app.config["MAILBOX_FOLDER"]).glob("*.eml")
    assert sent == written.read_bytes()
    assert sender == "campaign@letters.example"
    assert recipients == [to.replace("почта.рф", "xn--80a1acny.xn--p1ai")]
    assert "SMTPUTF8" not in options  # a non-ASCII domain alone needs no extension
    assert sent.isascii()
    parsed = email.message_from_bytes(sent, policy=email.policy.default)
    assert parsed["Subject"] == "Ваша подпись: підпіс" and parsed["From"].addresses[0].display_name == "Кампания"
    assert parsed["Content-Language"] == "ru"
    assert "..begins with dots" in parsed.get_body(("plain",)).get_content()


def test_each_attempt_at_a_row_is_the_same_message_with_an_id_from_the_senders_domain(app):
    message_id = queued(app, "jane.doe@example.org")
    with app.app_context():
        first, again = bytes(build_message(app, row(app, message_id))), bytes(build_message(app, row(app, message_id)))
        built = build_message(app, row(app, message_id))
        other = build_message(app, row(app, queued(app, "jane.doe@example.org")))
    assert first == again
    assert built["Message-ID"] == f"<outbox.{message_id}@localhost>"
    assert other["Message-ID"] != built["Message-ID"]
    assert built["Date"].datetime is not None


@pytest.mark.config(MAIL_SMTPUTF8=True)
def test_a_non_ascii_local_part_is_sent_with_smtputf8(app, raw_smtp):
    use_smtp(app, raw_smtp)
    to = "иван.петров@почта.рф"
    message_id = queued(app, to, reply_to="ольга@example.org")
    with app.app_context():
        if not raw_smtp.smtputf8:
            # a server without the extension refuses before any data: the worker retries, and
            # MAIL_SMTPUTF8 must say false for such a server (then the form refuses the address)
            with pytest.raises(smtplib.SMTPNotSupportedError):
                SMTPTransport(app).send(row(app, message_id))
            assert raw_smtp.received == []
            return
        SMTPTransport(app).send(row(app, message_id))
        MailboxTransport(app).send(row(app, message_id))
    [(sender, recipients, options, sent)] = raw_smtp.received
    [written] = Path(app.config["MAILBOX_FOLDER"]).glob("*.eml")
    assert sent == written.read_bytes()
    assert "SMTPUTF8" in options and recipients == ["иван.петров@xn--80a1acny.xn--p1ai"]
    parsed = email.message_from_bytes(sent, policy=email.policy.SMTPUTF8)
    assert parsed["To"] == "иван.петров@xn--80a1acny.xn--p1ai" and parsed["Reply-To"] == "ольга@example.org"
