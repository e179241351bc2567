"""The security tables: the fraud block list."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from undersigned.contract import utcnow
from undersigned.extensions import db


class Block(db.Model):
    """One blocked e-mail domain or IP hash, for one campaign or (``campaign`` empty, kept by
    admins) for every campaign."""

    __tablename__ = "blocks"
    __table_args__ = (UniqueConstraint("campaign", "kind", "value", name="uq_blocks_campaign_kind_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign: Mapped[str | None] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(253))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Block {self.kind} {self.value} {self.campaign or '*'}>"
