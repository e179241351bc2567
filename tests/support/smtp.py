"""An aiosmtpd handler that keeps every message it receives."""
from __future__ import annotations

import asyncio
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
        self._sessions: list = []  # aiosmtpd's protocol object of each connection a message came on

    async def handle_DATA(self, server, session, envelope) -> str:
        self.peers.add(session.peer)
        self._sessions.append(server)
        if self.answers:
            return self.answers.pop(0)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def text_of(self, index: int = -1) -> str:
        return plain_text(self.messages[index])

    def hang_up(self) -> None:
        """Close every connection a message came on, from the server's side (as its idle
        timeout would), and return once they are closed."""
        async def close_all() -> None:
            for server in self._sessions:
                if server.transport is not None:
                    server.transport.close()
            while any(server.transport is not None for server in self._sessions):
                await asyncio.sleep(0.01)

        if self._sessions:
            loop = self._sessions[0].loop
            asyncio.run_coroutine_threadsafe(close_all(), loop).result(timeout=30)
