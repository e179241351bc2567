"""The outbox: every e-mail is a row first, written in the same transaction as what caused it."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from undersigned.contract import utcnow
from undersigned.extensions import db

#: A ``failed`` message is dead: refused for good, or out of attempts (``flask outbox retry``).
QUEUED, SENT, FAILED = "queued", "sent", "failed"


class OutboxMessage(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (
        # the email channel's pacing (letters to one recipient) and delivered count (per campaign)
        Index("ix_outbox_to_address_next_attempt_at", "to_address", "next_attempt_at"),
        Index("ix_outbox_campaign_kind_status", "campaign", "kind", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    campaign: Mapped[str | None] = mapped_column(String(64))
    signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id", ondelete="SET NULL"))
    to_address: Mapped[str] = mapped_column(String(254))
    reply_to: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    #: A message queued unrendered: the template pair the worker renders its bodies from, with
    #: ``render_context``, just before sending it; both are cleared once it is rendered.
    template: Mapped[str | None] = mapped_column(String(100))
    render_context: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    #: One attached file (a joint letter's PDF), sent with the message.
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    language: Mapped[str] = mapped_column(String(8), default="en")
    #: Sent by the platform on its own (``Auto-Submitted: auto-generated``), not on a person's behalf.
    automatic: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: Set for mail that is not strictly transactional: the one-click unsubscribe address.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(8), default=QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    lock_token: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: The signature this message is about, if any (named by its table: the outbox sits below signing).
    signature = relationship("Signature", lazy="select", viewonly=True)
    #: The digest message that carries this letter (the ``email`` channel's daily digest).
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.status}>"
