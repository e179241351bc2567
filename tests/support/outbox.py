"""Sending what the outbox holds, and reading what the ``mailbox`` transport wrote."""
from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

from flask import Flask

from undersigned.mail.worker import deliver_due


def deliver(app: Flask) -> int:
    """Send all due mail, batch after batch (the worker renders what the request queued); how
    many went."""
    sent = 0
    with app.app_context():
        while batch := deliver_due(app):
            sent += batch
    return sent


def plain_text(message: EmailMessage) -> str:
    """The plain-text body of a sent message, as the reader's mail program shows it."""
    return message.get_body(preferencelist=("plain",)).get_content()


def mails_to(app: Flask, to: str) -> list[EmailMessage]:
    """Every message the ``mailbox`` transport wrote to ``to``, oldest first."""
    folder = Path(app.config["MAILBOX_FOLDER"])
    messages = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in sorted(folder.glob("*.eml"))]
    return [message for message in messages if message["To"] == to]
