"""An aiosmtpd handler that keeps every message it receives."""
from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage


class CollectingHandler:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def text_of(self, index: int = -1) -> str:
        return self.messages[index].get_body(preferencelist=("plain",)).get_content()
