"""What a plugin may read of the platform's records: a signature and an outbox message.

The hooks and :class:`~undersigned.contract.DeliveryChannel` hand plugins the platform's own rows
(``undersigned.signing.models.Signature``, ``undersigned.mail.models.OutboxMessage``); these
protocols name the attributes the contract promises, so a plugin relies on nothing else.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Protocol


class SignatureRecord(Protocol):
    """One supporter's signature on one campaign (personal data in ``email`` and ``fields``)."""

    id: int
    campaign: str
    email: str | None
    fields: dict[str, Any]
    #: The language the supporter signed in (``en``, ``ru``, ``be``).
    locale: str
    #: ``pending``, ``confirmed``, ``withdrawn`` or ``invalidated``.
    status: str
    public_name: bool
    referral: str | None
    created_at: dt.datetime
    confirmed_at: dt.datetime | None

    @property
    def full_name(self) -> str: ...


class OutboxRecord(Protocol):
    """One e-mail in the outbox (``flask outbox status`` lists them)."""

    id: int
    #: What the message is: ``confirm``, ``letter``, ``digest``, or a plugin's own kind.
    kind: str
    campaign: str | None
    signature_id: int | None
    to_address: str
    reply_to: str | None
    subject: str
    body_text: str
    body_html: str | None
    language: str
