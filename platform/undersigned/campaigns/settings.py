"""A campaign's settings that organizers change in the console, without code: goal, milestones,
opening and closing dates, paused, help address. Kept in the database and laid over the plugin's
values when a campaign is looked up, read once per request, so every page and process sees a
change at its next request.

An empty setting (``None``) keeps the plugin's value.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Iterable

from flask import g, has_app_context
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError

from undersigned.audit.log import record
from undersigned.campaigns.models import NAMES, CampaignSettings
from undersigned.contract import Campaign
from undersigned.extensions import db

log = logging.getLogger(__name__)

_MEMO = "campaign_settings"


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
