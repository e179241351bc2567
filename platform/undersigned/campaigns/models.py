"""A campaign's tables: its sharded counters (totals, and the bars of its charts), the settings
organizers change in the console, and when a draft was published."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from undersigned.contract import utcnow
from undersigned.extensions import db

#: The settings an organizer may change, in the form's order.
NAMES = ("goal", "milestones", "opens", "closes", "paused", "help_address")


class Counter(db.Model):
    """One shard of one of a campaign's counts (``campaigns.counters``): a surge adds to many rows."""

    __tablename__ = "counters"

    campaign: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Tally(db.Model):
    """One shard of one bar of a campaign's charts (``campaigns.counters``): its confirmed
    signatures made on one day or in one hour, or with one country, US state, language or
    referral code."""

    __tablename__ = "tallies"

    campaign: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: ``day``, ``hour``, ``country``, ``us_state``, ``language`` or ``referral``.
    chart: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class CampaignSettings(db.Model):
    """One campaign's overrides; a ``None`` column keeps the plugin's value."""

    __tablename__ = "campaign_settings"

    campaign: Mapped[str] = mapped_column(String(64), primary_key=True)
    goal: Mapped[int | None] = mapped_column(Integer)
    #: Comma-separated counts, ascending (``"1000,5000"``).
    milestones: Mapped[str | None] = mapped_column(String(200))
    opens: Mapped[dt.date | None] = mapped_column(Date)
    closes: Mapped[dt.date | None] = mapped_column(Date)
    paused: Mapped[bool | None] = mapped_column(Boolean)
    help_address: Mapped[str | None] = mapped_column(String(254))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    def overrides(self) -> dict[str, object]:
        """The settings this row changes, as :class:`Campaign` fields."""
        values = {name: getattr(self, name) for name in NAMES}
        if values["milestones"] is not None:
            values["milestones"] = parse_milestones(values["milestones"])
        return {name: value for name, value in values.items() if value is not None}


class CampaignPublication(db.Model):
    """A campaign published by an organizer: a campaign that starts as a draft (``Campaign.draft``)
    is shown to the public once it has a row here, kept by slug."""

    __tablename__ = "campaign_publications"

    campaign: Mapped[str] = mapped_column(String(64), primary_key=True)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


def parse_milestones(text: str) -> tuple[int, ...]:
    """``"1000, 5000"`` as ``(1000, 5000)``; ``ValueError`` unless each is a positive whole number."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not all(part.isdigit() and int(part) > 0 for part in parts):
        raise ValueError(text)
    return tuple(sorted({int(part) for part in parts}))
