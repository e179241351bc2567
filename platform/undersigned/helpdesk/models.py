"""A supporter's help request and the thread of answers to it."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from undersigned.contract import utcnow
from undersigned.extensions import db

NEW, ANSWERED, CLOSED = "new", "answered", "closed"
STATUSES = (NEW, ANSWERED, CLOSED)


class HelpRequest(db.Model):
    """One request for help about one campaign, with the supporter's details (erased by the
    retention purge once the campaign has long closed)."""

    __tablename__ = "help_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    country: Mapped[str] = mapped_column(String(2))
    state: Mapped[str | None] = mapped_column(String(2))
    #: The language the supporter wants the answer in (``en``, ``ru``, ``be``).
    language: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default=NEW, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    erased_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    messages: Mapped[list[HelpMessage]] = relationship(
        back_populates="request", order_by="HelpMessage.id", cascade="all, delete-orphan")

    def __repr__(self) -> str:  # no personal data, even in a traceback
        return f"<HelpRequest {self.id} {self.campaign} {self.status}>"


class HelpMessage(db.Model):
    """One message in a request's thread after the supporter's first: an organizer's answer."""

    __tablename__ = "help_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("help_requests.id", ondelete="CASCADE"), index=True)
    #: Written by an organizer (the console user's e-mail in ``author``), not by the supporter.
    from_organizer: Mapped[bool] = mapped_column(Boolean, default=True)
    author: Mapped[str | None] = mapped_column(String(254))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    request: Mapped[HelpRequest] = relationship(back_populates="messages")

    def __repr__(self) -> str:
        return f"<HelpMessage {self.id} of {self.request_id}>"
