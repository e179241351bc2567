"""A joint letter's versions: the approved co-signers frozen at one moment, the PDF made from
them, and how and when that version was delivered."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from undersigned.contract import utcnow
from undersigned.extensions import db

#: How an organizer delivered a version: by e-mail from the platform, by hand, or by post.
DELIVERY_WAYS = ("email", "hand", "post")


class JointLetterVersion(db.Model):
    __tablename__ = "joint_letter_versions"
    __table_args__ = (UniqueConstraint("campaign", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)
    frozen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: Each co-signer's block as printed, with the signature's ``id``.
    signatories: Mapped[list] = mapped_column(JSON)
    signatory_count: Mapped[int] = mapped_column(Integer)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded only when read
    sha256: Mapped[str] = mapped_column(String(64))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    delivered_how: Mapped[str | None] = mapped_column(String(8))

    @property
    def date(self) -> dt.date:
        """The date the letter carries: the day it was frozen."""
        return self.frozen_at.date()

    def __repr__(self) -> str:
        return f"<JointLetterVersion {self.campaign} v{self.number}>"


class PublicLetterPdf(db.Model):
    """A joint letter's public PDF (the co-signers who agreed to be named), as last drawn, with
    the stamp of what it was drawn from: every process serves it until the stamp changes."""

    __tablename__ = "joint_letter_public_pdfs"

    campaign: Mapped[str] = mapped_column(String(64), primary_key=True)
    stamp: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
