"""A campaign's settings that organizers change in the console, without code: goal, milestones,
opening and closing dates, paused, help address. Kept in the database and laid over the plugin's
values when a campaign is looked up, read once per request, so every page and process sees a
change at its next request.

An empty setting (``None``) keeps the plugin's value.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Iterable

from flask import g, has_app_context
from sqlalchemy import Boolean, Date, DateTime, Integer, String, select
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Mapped, mapped_column

from undersigned.audit.log import record
from undersigned.campaigns.model import Campaign
from undersigned.extensions import db
from undersigned.signing.models import utcnow

log = logging.getLogger(__name__)

#: The settings an organizer may change, in the form's order.
NAMES = ("goal", "milestones", "opens", "closes", "paused", "help_address")
_MEMO = "campaign_settings"


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


def parse_milestones(text: str) -> tuple[int, ...]:
    """``"1000, 5000"`` as ``(1000, 5000)``; ``ValueError`` unless each is a positive whole number."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not all(part.isdigit() and int(part) > 0 for part in parts):
        raise ValueError(text)
    return tuple(sorted({int(part) for part in parts}))


def stored(slug: str) -> CampaignSettings | None:
    """The overrides kept for ``slug``, if any, read now."""
    return _stored([slug]).get(slug)


def _stored(slugs: list[str]) -> dict[str, CampaignSettings]:
    """The overrides kept for ``slugs``. A database that is down, or not migrated yet (a fresh
    clone's ``flask campaigns list``), has none to give: the plugins' values stand, and what
    needs the database fails where it writes, with its own message."""
    try:
        rows = db.session.scalars(select(CampaignSettings).where(CampaignSettings.campaign.in_(slugs)))
        return {row.campaign: row for row in rows}
    except (OperationalError, ProgrammingError) as error:
        db.session.rollback()
        log.warning("campaign settings unreadable, the plugins' values apply: %s", error.orig)
        return {}


def _overrides(slugs: list[str]) -> dict[str, dict[str, object]]:
    """Each of ``slugs``' overrides, read once per request (or app context, for a command or a
    worker's pass): a page looks its campaign up several times, and one query serves them all."""
    known: dict[str, dict[str, object]] = g.setdefault(_MEMO, {})
    missing = [slug for slug in slugs if slug not in known]
    if missing:
        rows = _stored(missing)
        known.update({slug: rows[slug].overrides() if slug in rows else {} for slug in missing})
    return {slug: known[slug] for slug in slugs}


def with_settings(campaign: Campaign) -> Campaign:
    """``campaign`` with its stored overrides applied (read in this request: never a copy kept
    between requests); outside an app context, where no database is reachable, the plugin's values."""
    if not has_app_context():
        return campaign
    overrides = _overrides([campaign.slug])[campaign.slug]
    return dataclasses.replace(campaign, **overrides) if overrides else campaign


def with_all_settings(campaigns: Iterable[Campaign]) -> list[Campaign]:
    """Each of ``campaigns`` with its overrides, read in one query (see :func:`with_settings`)."""
    campaigns = list(campaigns)
    if not has_app_context():
        return campaigns
    overrides = _overrides([campaign.slug for campaign in campaigns])
    return [dataclasses.replace(campaign, **overrides[campaign.slug]) if overrides[campaign.slug] else campaign
            for campaign in campaigns]


def save(slug: str, values: dict[str, object]) -> list[str]:
    """Keep ``values`` (every name in :data:`NAMES`; ``None`` restores the plugin's value) for
    ``slug`` and audit the change, in one transaction; the names that changed."""
    row = stored(slug) or CampaignSettings(campaign=slug)
    changed = [name for name in NAMES if getattr(row, name) != values[name]]
    if not changed:
        return []
    for name in changed:
        setattr(row, name, values[name])
    db.session.add(row)
    record("settings.change", campaign=slug, settings=changed)
    db.session.commit()
    g.pop(_MEMO, None)
    return changed
