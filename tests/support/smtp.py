"""An aiosmtpd handler that keeps every message it receives."""
from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage

from tests.support.outbox import plain_text


class CollectingHandler:
    """Keeps each message; ``answers`` (e.g. ``["451 4.3.0 busy"]``) are given, one per message,
    before it accepts; ``peers`` holds each client connection seen."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.answers: list[str] = []
        self.peers: set[tuple[str, int]] = set()
        self.port = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.peers.add(session.peer)
        if self.answers:
            return self.answers.pop(0)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def text_of(self, index: int = -1) -> str:
        return plain_text(self.messages[index])
