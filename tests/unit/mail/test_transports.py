"""One builder for every transport (mail.transports): what ``mailbox`` writes is byte for byte
what ``smtp`` sends through Flask-Mail (mail.smtp), and what ``mail.record_messages()`` sees;
addresses with a non-ASCII local part go out with SMTPUTF8, a non-ASCII domain alone in IDNA;
a connection the server closed is opened again; every message carries a stable Message-ID on
the platform's domain, Date, Auto-Submitted on the platform's own notices, List-Unsubscribe
when asked, and DKIM that verifies as the server received it."""
from __future__ import annotations

import base64
import email
import email.policy
import subprocess
from contextlib import contextmanager
from email import policy
from pathlib import Path

import dkim
import pytest

from tests.conftest import free_port, use_smtp
from undersigned.extensions import db
from undersigned.mail.failures import SessionLost
from undersigned.mail.outbox import enqueue
from undersigned.mail.smtp import mail
from undersigned.mail.transports import MailboxTransport, SMTPTransport, build_message, wire_bytes


class RawHandler:
    """Keeps each message exactly as the server received it, with its envelope."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], list[str], bytes]] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), list(envelope.mail_options),
                              envelope.original_content))
        return "250 Message accepted for delivery"


@contextmanager
def raw_server(smtputf8: bool):
    from aiosmtpd.controller import Controller

    handler = RawHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=smtputf8)
    controller.start()
    handler.port = controller.port
    handler.smtputf8 = smtputf8
    yield handler
    controller.stop()


@pytest.fixture(params=[False, True], ids=["plain-server", "smtputf8-server"])
def raw_smtp(request):
    with raw_server(request.param) as handler:
        yield handler


@pytest.fixture
def plain_raw_smtp():
    with raw_server(False) as handler:
        yield handler


def queued(app, to: str, reply_to: str | None = None):
    with app.test_request_context():
        message = enqueue(kind="test", to=to, reply_to=reply_to, subject="Ваша подпись: підпіс",
                          template="emails/letter", language="ru", letter="Письмо.\n.\n..begins with dots")
        db.session.commit()
        return message.id


def send_with(transport, message) -> None:
    with transport.open() as session:
        session.send(message)


def row(app, message_id: int):
    from undersigned.mail.models import OutboxMessage
    return db.session.get(OutboxMessage, message_id)


@pytest.mark.config(MAIL_DEFAULT_SENDER="Кампания <campaign@letters.example>")
@pytest.mark.parametrize("to", ["jane.doe@example.org", "ivan@почта.рф"])
def test_smtp_sends_byte_for_byte_what_the_mailbox_writes(app, raw_smtp, to):
    use_smtp(app, raw_smtp)
    message_id = queued(app, to, reply_to="signer@example.org")
    with app.app_context():
        send_with(SMTPTransport(app), row(app, message_id))
        send_with(MailboxTransport(app), row(app, message_id))
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
    assert built["Message-ID"].startswith(f"<outbox.{message_id}.") and built["Message-ID"].endswith("@localhost>")
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
            with pytest.raises(SessionLost, match="SMTPNotSupportedError"):
                send_with(SMTPTransport(app), row(app, message_id))
            assert raw_smtp.received == []
            return
        send_with(SMTPTransport(app), row(app, message_id))
        send_with(MailboxTransport(app), row(app, message_id))
    [(sender, recipients, options, sent)] = raw_smtp.received
    [written] = Path(app.config["MAILBOX_FOLDER"]).glob("*.eml")
    assert sent == written.read_bytes()
    assert "SMTPUTF8" in options and recipients == ["иван.петров@xn--80a1acny.xn--p1ai"]
    parsed = email.message_from_bytes(sent, policy=email.policy.SMTPUTF8)
    assert parsed["To"] == "иван.петров@xn--80a1acny.xn--p1ai" and parsed["Reply-To"] == "ольга@example.org"


def test_record_messages_sees_each_message_as_the_server_received_it(app, plain_raw_smtp):
    use_smtp(app, plain_raw_smtp)
    ids = [queued(app, "jane.doe@example.org", reply_to="signer@example.org"), queued(app, "ivan@почта.рф")]
    with app.app_context(), mail.record_messages() as dispatched:
        with SMTPTransport(app).open() as session:
            for message_id in ids:
                session.send(row(app, message_id))
        message_ids = [build_message(app, row(app, message_id))["Message-ID"] for message_id in ids]
    assert [message.as_bytes() for message in dispatched] == [sent for *_, sent in plain_raw_smtp.received]
    first, second = dispatched
    assert first.subject == "Ваша подпись: підпіс" and first.recipients == ["jane.doe@example.org"]
    assert first.reply_to == "signer@example.org" and "..begins with dots" in first.body
    assert second.recipients == ["ivan@xn--80a1acny.xn--p1ai"]
    assert [message.msgId for message in dispatched] == message_ids


def test_a_connection_the_server_closed_between_two_messages_is_opened_again(app, smtp_server):
    use_smtp(app, smtp_server)
    first, second = queued(app, "first@example.org"), queued(app, "second@example.org")
    with app.app_context(), SMTPTransport(app).open() as session:
        session.send(row(app, first))
        smtp_server.hang_up()  # as a server's idle timeout does while the worker renders the next
        session.send(row(app, second))
    assert [message["To"] for message in smtp_server.messages] == ["first@example.org", "second@example.org"]
    assert len(smtp_server.peers) == 2


def queued_row(app, **fields):
    with app.test_request_context():
        message = enqueue(kind="confirm", to="reader@example.org", subject="Please confirm",
                          template="emails/letter", language="en", letter="body", **fields)
        db.session.commit()
        db.session.refresh(message)
        db.session.expunge(message)
    return message


def parsed(app, message):
    return email.message_from_bytes(wire_bytes(app, message), policy=policy.default)


@pytest.mark.config(MAIL_MESSAGE_ID_DOMAIN="mail.sign.example.org")
def test_the_message_id_is_on_the_platforms_domain_and_the_same_at_every_attempt(app):
    message = queued_row(app)
    first, again = parsed(app, message), parsed(app, message)
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"].startswith(f"<outbox.{message.id}.") and first["Message-ID"].endswith("@mail.sign.example.org>")
    assert first["Date"] == again["Date"]
    assert parsed(app, queued_row(app))["Message-ID"] != first["Message-ID"]


def test_the_platforms_notices_are_auto_submitted_and_a_supporters_letter_is_not(app):
    assert parsed(app, queued_row(app))["Auto-Submitted"] == "auto-generated"
    assert parsed(app, queued_row(app, automatic=False))["Auto-Submitted"] is None


@pytest.mark.config(PUBLIC_URL="https://sign.example.org")
def test_mail_that_is_not_transactional_offers_one_click_unsubscribe(app):
    assert parsed(app, queued_row(app))["List-Unsubscribe"] is None
    message = parsed(app, queued_row(app, transactional=False, campaign="potholes"))
    assert message["List-Unsubscribe"].startswith("<https://sign.example.org/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_messages_are_dkim_signed_when_a_key_is_configured(app, tmp_path, plain_raw_smtp):
    key = tmp_path / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True, capture_output=True)
    public = subprocess.run(["openssl", "rsa", "-in", str(key), "-pubout", "-outform", "DER"],
                            check=True, capture_output=True).stdout
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
    app.config.update(MAIL_DKIM_KEY_FILE=str(key), MAIL_DKIM_SELECTOR="s1",
                      MAIL_DEFAULT_SENDER="Undersigned <noreply@sign.example.org>")
    use_smtp(app, plain_raw_smtp)
    with app.app_context():
        send_with(SMTPTransport(app), queued_row(app))
    [(*_, data)] = plain_raw_smtp.received  # as the receiving server checks it
    assert data.startswith(b"DKIM-Signature:")
    assert b"d=sign.example.org" in data and b"s=s1" in data
    lookups = []

    def dns(name, timeout=5):
        lookups.append(name)
        return record

    assert dkim.verify(data, dnsfunc=dns)
    assert lookups == [b"s1._domainkey.sign.example.org."]
    assert not dkim.verify(data.replace(b"Please confirm", b"Please ignore"), dnsfunc=dns)


def test_without_a_key_nothing_is_signed(app):
    assert not wire_bytes(app, queued_row(app)).startswith(b"DKIM-Signature:")


def test_the_language_is_the_whole_messages_even_with_an_html_part(app):
    message = queued_row(app)
    message.body_html, message.language = "<p>body</p>", "ru"
    built = parsed(app, message)
    assert built.get_content_type() == "multipart/alternative"
    assert built["Content-Language"] == "ru"


@pytest.mark.parametrize("language, name", [("en", "Undersigned"), ("ru", "Нижеподписавшиеся"),
                                            ("be", "Ніжэйпадпісаныя")])
def test_the_from_name_is_the_platforms_name_in_the_messages_language(app, language, name):
    message = queued_row(app)
    message.language = language
    with app.app_context():
        data = wire_bytes(app, message)
    assert data.isascii()  # a Cyrillic name is encoded (RFC 2047): the message stays 7-bit
    [sender] = email.message_from_bytes(data, policy=policy.default)["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (name, "noreply@localhost")
