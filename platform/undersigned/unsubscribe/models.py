"""Who asked for no more optional mail from a campaign, by a keyed hash of the mailbox only."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from undersigned.contract import utcnow
from undersigned.extensions import db


class Unsubscription(db.Model):
    __tablename__ = "unsubscriptions"
    __table_args__ = (UniqueConstraint("mailbox_hash", "campaign"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: :func:`undersigned.security.identity.email_hash` of the address: never the address itself.
    mailbox_hash: Mapped[str] = mapped_column(String(32))
    campaign: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
