"""What a mail transport is: the outbox worker opens one per batch and sends each message through
the session it gives; a failure is temporary (retried with backoff) unless it is permanent."""
from __future__ import annotations

from contextlib import AbstractContextManager, contextmanager
from typing import Iterator, Protocol

from flask import Flask

from undersigned.contract.records import OutboxRecord


class PermanentFailure(Exception):
    """Raised by a transport for a message no retry can deliver: it is dead at once."""


class MailSession(Protocol):
    def send(self, message: OutboxRecord) -> None:
        """Send one message; raise on failure (:class:`PermanentFailure` when no retry can help)."""


class MailTransport(Protocol):
    """Opens a session for one batch of outbox messages."""

    def open(self) -> AbstractContextManager[MailSession]: ...


class Transport:
    """A transport that needs nothing held across a batch: subclass it and write ``send``."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    @contextmanager
    def open(self) -> Iterator[MailSession]:
        yield self

    def send(self, message: OutboxRecord) -> None:
        raise NotImplementedError
