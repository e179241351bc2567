"""Sending what the outbox holds, and reading what the ``mailbox`` transport wrote."""
from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

from flask import Flask

from undersigned.mail.worker import deliver_due


#: More batches than any test queues: past them, the outbox is sending something again and again.
MAX_BATCHES = 100


def deliver(app: Flask) -> int:
    """Send all due mail, batch after batch (the worker renders what the request queued); how
    many went."""
    sent = 0
    with app.app_context():
        for _ in range(MAX_BATCHES):
            batch = deliver_due(app)
            if not batch:
                return sent
            sent += batch
    raise AssertionError(f"the outbox still had mail due after {MAX_BATCHES} batches ({sent} sent)")


def plain_text(message: EmailMessage) -> str:
    """The plain-text body of a sent message, as the reader's mail program shows it."""
    return message.get_body(preferencelist=("plain",)).get_content()


def mails_to(app: Flask, to: str) -> list[EmailMessage]:
    """Every message the ``mailbox`` transport wrote to ``to``, oldest first."""
    folder = Path(app.config["MAILBOX_FOLDER"])
    messages = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in sorted(folder.glob("*.eml"))]
    return [message for message in messages if message["To"] == to]
