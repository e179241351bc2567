"""What a mail transport is: the outbox worker opens one per batch and sends each message through
the session it gives; a failure is temporary (retried with backoff) unless it is permanent."""
from __future__ import annotations

import warnings
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, Iterator, Protocol

from flask import Flask

from undersigned.contract.records import OutboxRecord
from undersigned.contract.version import CONTRACT_VERSION


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


def session_of(transport: Any) -> AbstractContextManager[MailSession]:
    """The session a transport opens for one batch. A transport written for contract 1.0 has only
    ``send(message)``: it is its own session, with a warning (``open()`` is required from 2.0)."""
    if callable(getattr(transport, "open", None)):
        return transport.open()
    warnings.warn(f"mail transport {type(transport).__name__} has send() but no open(), deprecated since plugin "
                  f"contract {CONTRACT_VERSION}: subclass undersigned.contract.Transport (it goes in contract 2.0)",
                  DeprecationWarning, stacklevel=2)
    return nullcontext(transport)
