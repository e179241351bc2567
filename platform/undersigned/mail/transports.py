"""Mail transports, looked up by name through the plugin contract: ``smtp`` and ``mailbox``."""
from __future__ import annotations

import datetime as dt
import email.utils
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from flask import Flask
from flask_mail import Message

from undersigned.extensions import mail
from undersigned.mail.models import OutboxMessage


class MailTransport(Protocol):
    """Sends one outbox message; raises on failure so the worker retries it."""

    def send(self, message: OutboxMessage) -> None: ...


def build_message(app: Flask, message: OutboxMessage) -> EmailMessage:
    """The RFC 5322 message for an outbox row."""
    result = EmailMessage()
    result["From"] = app.config["MAIL_DEFAULT_SENDER"]
    result["To"] = message.to_address
    if message.reply_to:
        result["Reply-To"] = message.reply_to
    result["Subject"] = message.subject
    result["Date"] = email.utils.format_datetime(dt.datetime.now(dt.timezone.utc))
    result["Message-ID"] = email.utils.make_msgid(domain="undersigned")
    result["Content-Language"] = message.language
    result.set_content(message.body_text)
    if message.body_html:
        result.add_alternative(message.body_html, subtype="html")
    if message.attachment_data is not None:
        maintype, _, subtype = (message.attachment_type or "application/octet-stream").partition("/")
        result.add_attachment(message.attachment_data, maintype=maintype, subtype=subtype,
                              filename=message.attachment_name)
    return result


class SMTPTransport:
    """Sends through the SMTP server configured for flask-mail (``MAIL_SERVER``, ...)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def send(self, message: OutboxMessage) -> None:
        msg = Message(subject=message.subject, recipients=[message.to_address],
                      body=message.body_text, html=message.body_html,
                      reply_to=message.reply_to, sender=self.app.config["MAIL_DEFAULT_SENDER"],
                      extra_headers={"Content-Language": message.language})
        if message.attachment_data is not None:
            msg.attach(message.attachment_name, message.attachment_type, message.attachment_data)
        mail.send(msg)


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
