"""A signature: one supporter's name on one campaign."""
from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from undersigned.contract import utcnow
from undersigned.extensions import db

PENDING, CONFIRMED, WITHDRAWN, INVALIDATED = "pending", "confirmed", "withdrawn", "invalidated"
STATUSES = (PENDING, CONFIRMED, WITHDRAWN, INVALIDATED)


def new_public_id() -> str:
    return secrets.token_urlsafe(16)


class Signature(db.Model):
    """One signature. ``email_canonical`` is unique per campaign; only confirmed ones count."""

    __tablename__ = "signatures"
    __table_args__ = (
        UniqueConstraint("campaign", "email_canonical", name="uq_signatures_campaign_email"),
        # a campaign's rows in id order (pages, the export), by status, and in a time window
        # (bursts, the last hours' chart), each read from the index with its LIMIT, not by
        # walking the primary key past every other campaign's rows
        Index("ix_signatures_campaign_id", "campaign", "id"),
        Index("ix_signatures_campaign_status_id", "campaign", "status", "id"),
        Index("ix_signatures_campaign_created_at", "campaign", "created_at"),
        # what changed since a partner's last sync (the API's ``modified_date gt``)
        Index("ix_signatures_campaign_modified_at", "campaign", "modified_at"),
        # a joint letter's approved co-signers, few beside the campaign's signatures: only they
        # are in it, so their page is sorted from the index, never from the whole table
        Index("ix_signatures_campaign_approved", "campaign", "approved_at",
              postgresql_where=text("approved_at IS NOT NULL"), sqlite_where=text("approved_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    campaign: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    email_canonical: Mapped[str] = mapped_column(String(254))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(12), default=PENDING, index=True)
    public_name: Mapped[bool] = mapped_column(Boolean, default=False)
    referral: Mapped[str | None] = mapped_column(String(32))
    share_code: Mapped[str] = mapped_column(String(16), unique=True,
                                            default=lambda: secrets.token_urlsafe(8))
    ip_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    letter_edited: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: The last change of any kind (every UPDATE of the row sets it).
    modified_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: Where an organizer put the co-signer's block on a joint letter (none: in approval order).
    position: Mapped[int | None] = mapped_column(Integer)
    reported_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    invalidated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    erased_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: Mail to the signer's address failed (it bounced, or the address is suppressed): a pending
    #: signature's confirmation never arrived. Cleared when the signer corrects the address.
    undeliverable_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    @property
    def full_name(self) -> str:
        return " ".join(filter(None, (self.fields.get("first_name"), self.fields.get("last_name"))))

    def __repr__(self) -> str:  # no personal data, even in a traceback
        return f"<Signature {self.id} {self.campaign} {self.status}>"


class ApprovedRevision(db.Model):
    """How often a campaign's approved signatures have changed (:mod:`undersigned.signing.revisions`)."""

    __tablename__ = "approved_revisions"

    campaign: Mapped[str] = mapped_column(String(64), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
