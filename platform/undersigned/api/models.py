"""The API's tables: its tokens, each kept only as a hash of the secret shown once; webhook
endpoints and the deliveries queued for them."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from undersigned.contract import utcnow
from undersigned.extensions import db

READ, WRITE = "read", "write"
SCOPES = (READ, WRITE)


class ApiToken(db.Model):
    """A partner's key to some campaigns: ``read`` lists their signatures, ``write`` also records
    new ones (confirmed at once only with ``may_confirm``). The secret itself is never stored, only
    its SHA-256."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(8), default=READ)
    #: A ``write`` token whose partner confirms the signer's address itself: a signature it
    #: records saying so is confirmed at once, with no confirmation e-mail.
    may_confirm: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: The slugs of the campaigns it reaches.
    campaigns: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Who made it: a console user's e-mail address, or ``cli``.
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def reaches(self, campaign: str, scope: str) -> bool:
        """Whether this token, unrevoked, may act on ``campaign`` with ``scope`` (write includes read)."""
        return (self.revoked_at is None and campaign in self.campaigns
                and (scope == READ or self.scope == WRITE))

    def confirms(self, campaign: str) -> bool:
        """Whether this token may record signatures of ``campaign`` already confirmed by its partner."""
        return self.may_confirm and self.reaches(campaign, WRITE)

    def __repr__(self) -> str:  # never the secret's hash either
        return f"<ApiToken {self.id} {self.scope}>"


class WebhookEndpoint(db.Model):
    """Where a campaign's events are posted, signed as Standard Webhooks says with a secret kept
    encrypted (``security/encryption.py``)."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    secret_encrypted: Mapped[str] = mapped_column(String(400))
    #: The event types it receives (``signature.confirmed``...).
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: Since when every delivery to it has failed (none: the last one worked).
    failing_since: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: Switched off after failing for ``WEBHOOK_DISABLE_AFTER_DAYS``; its deliveries wait.
    disabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class WebhookDelivery(db.Model):
    """One event for one endpoint: queued until the endpoint answers 2xx, retried with backoff,
    sent by the one worker holding its lease."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(Integer, index=True)
    #: The ``webhook-id``: the same on every attempt, so a receiver can drop a duplicate.
    message_id: Mapped[str] = mapped_column(String(40), unique=True)
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: The last answer: an HTTP status, or ``None`` when no answer came (``last_error`` says why).
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: A worker's claim on it (``WEBHOOK_LEASE_SECONDS``): while it lasts, no other worker sends it.
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    lock_token: Mapped[str | None] = mapped_column(String(32))
