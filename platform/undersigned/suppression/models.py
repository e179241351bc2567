"""The suppression list and the bounces and complaints recorded against outbox messages."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from undersigned.contract import utcnow
from undersigned.extensions import db

#: What came back: the message did not arrive (a bounce), or its reader called it spam; and why
#: an address is suppressed: a permanent bounce, a complaint, or ``soft`` bounces past the limit.
BOUNCE, COMPLAINT, SOFT = "bounce", "complaint", "soft"


class Suppression(db.Model):
    """One mailbox the platform has heard about, by a keyed hash of its canonical address:
    suppressed once ``suppressed_at`` is set, else only counting its soft bounces."""

    __tablename__ = "suppressions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: :func:`undersigned.security.identity.canonical_hash` of the address, never the address.
    address_hash: Mapped[str] = mapped_column(String(32), unique=True)
    #: The address as the console shows it (``a•••@example.org``): the domain tells a provider apart.
    masked: Mapped[str] = mapped_column(String(254))
    #: ``bounce``, ``complaint`` or ``soft`` while suppressed; ``None`` otherwise.
    reason: Mapped[str | None] = mapped_column(String(16))
    soft_bounces: Mapped[int] = mapped_column(Integer, default=0)
    #: The campaign whose message bounced or was complained about last.
    campaign: Mapped[str | None] = mapped_column(String(64))
    suppressed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    lifted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def __repr__(self) -> str:
        return f"<Suppression {self.id} {self.reason}>"


class Bounce(db.Model):
    """A bounce or complaint about one outbox message, and the raw report for a while."""

    __tablename__ = "bounces"
    __table_args__ = (
        # the same report read twice (a Maildir read again, a notification sent again) counts once
        UniqueConstraint("outbox_id", "kind", "permanent", name="uq_bounces_outbox_kind_permanent"),
        Index("ix_bounces_campaign_kind", "campaign", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
    campaign: Mapped[str | None] = mapped_column(String(64))
    address_hash: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    permanent: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The RFC 3463 status (``5.1.1``), or a complaint's feedback type (``abuse``).
    status: Mapped[str | None] = mapped_column(String(32))
    #: The reporting server's words, with any address replaced by ``<address>``.
    diagnostic: Mapped[str | None] = mapped_column(String(200))
    #: How it came in: ``smtp`` (refused while sending), ``maildir``, ``http:<service>``.
    source: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    #: The report as received, for diagnosis; cleared after ``BOUNCE_KEEP_DAYS``.
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"<Bounce {self.id} {self.kind} message {self.outbox_id}>"
