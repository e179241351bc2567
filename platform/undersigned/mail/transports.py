"""Mail transports, looked up by name through the plugin contract: ``smtp`` and ``mailbox``.

Both send the bytes of one builder, :func:`build_message`, so what the ``mailbox`` writes in
development is byte for byte what ``smtp`` hands the server in production.
"""
from __future__ import annotations

import datetime as dt
import email.utils
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

import idna
from flask import Flask, current_app

from undersigned.extensions import mail
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import utcnow


SEVEN_BIT = policy.SMTP.clone(cte_type="7bit")


class MailTransport(Protocol):
    """Sends one outbox message; raises on failure so the worker retries it."""

    def send(self, message: OutboxMessage) -> None: ...


def needs_smtputf8(address: str) -> bool:
    """Whether ``address`` can only be sent with the SMTPUTF8 extension (RFC 6531): its local
    part is not ASCII. A non-ASCII domain alone is written in ASCII (IDNA) instead."""
    return not address.rpartition("@")[0].isascii()


def can_send_to(address: str) -> bool:
    """Whether the configured server can take mail for ``address`` (``MAIL_SMTPUTF8``)."""
    return current_app.config["MAIL_SMTPUTF8"] or not needs_smtputf8(address)


def ascii_domain(address: str) -> str:
    """``address`` with its domain in ASCII: ``ivan@почта.рф`` is ``ivan@xn--80a1acny.xn--p1ai``."""
    local, at, domain = address.rpartition("@")
    if domain.isascii():
        return address
    return f"{local}{at}{idna.encode(domain, uts46=True).decode('ascii')}"


def sender_address(app: Flask) -> str:
    """The bare address of ``MAIL_DEFAULT_SENDER``, the envelope's sender too."""
    return ascii_domain(email.utils.parseaddr(app.config["MAIL_DEFAULT_SENDER"])[1])


def message_id(app: Flask, message: OutboxMessage) -> str:
    """A Message-ID that stays the same for every attempt at one outbox row."""
    domain = sender_address(app).rpartition("@")[2] or "undersigned.invalid"
    return f"<outbox.{message.id}@{domain}>"


def build_message(app: Flask, message: OutboxMessage) -> EmailMessage:
    """The RFC 5322 message for an outbox row; ``bytes()`` of it is what every transport sends.

    Date and Message-ID come from the row, so each attempt sends the same message. The message
    is 7-bit (any server takes it) unless an address has a non-ASCII local part: then it is an
    SMTPUTF8 message, with UTF-8 headers."""
    addresses = [message.to_address] + ([message.reply_to] if message.reply_to else [])
    utf8 = any(needs_smtputf8(address) for address in addresses)
    result = EmailMessage(policy=policy.SMTPUTF8 if utf8 else SEVEN_BIT)
    result["From"] = app.config["MAIL_DEFAULT_SENDER"]
    result["To"] = ascii_domain(message.to_address)
    if message.reply_to:
        result["Reply-To"] = ascii_domain(message.reply_to)
    result["Subject"] = message.subject
    created = message.created_at or utcnow()
    result["Date"] = email.utils.format_datetime(created.replace(tzinfo=dt.timezone.utc))
    result["Message-ID"] = message_id(app, message)
    result.set_content(message.body_text)
    if message.body_html:
        result.add_alternative(message.body_html, subtype="html")
    if message.attachment_data is not None:
        maintype, _, subtype = (message.attachment_type or "application/octet-stream").partition("/")
        result.add_attachment(message.attachment_data, maintype=maintype, subtype=subtype,
                              filename=message.attachment_name)
    result["Content-Language"] = message.language  # last: making a multipart moves Content-* headers
    return result


class SMTPTransport:
    """Sends through the SMTP server configured for flask-mail (``MAIL_SERVER``, ``MAIL_PORT``,
    TLS and login), with the SMTPUTF8 option for the messages that need it."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def send(self, message: OutboxMessage) -> None:
        built = build_message(self.app, message)
        options = ["SMTPUTF8"] if built.policy.utf8 else []
        with mail.connect() as connection:
            if connection.host is None:  # MAIL_SUPPRESS_SEND
                return
            connection.host.sendmail(sender_address(self.app), [ascii_domain(message.to_address)],
                                     bytes(built), mail_options=options)


class MailboxTransport:
    """Writes each message as an ``.eml`` file into ``MAILBOX_FOLDER`` (the embedded default)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.folder = Path(app.config["MAILBOX_FOLDER"])

    def send(self, message: OutboxMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        path = self.folder / f"{stamp}-{message.id}.eml"
        path.write_bytes(bytes(build_message(self.app, message)))
