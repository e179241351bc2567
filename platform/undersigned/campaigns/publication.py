"""Draft and published campaigns. A campaign whose plugin marks it ``draft`` is seen only by its
organizers (and admins), with a preview of its public pages, until one of them publishes it; the
publication is kept by slug in the database, so it holds for every process and survives restarts.
A campaign not marked ``draft`` is published: plugins written before drafts existed keep working."""
from __future__ import annotations

import logging
from typing import Iterable

from flask import g
from flask_login import current_user
from sqlalchemy.exc import OperationalError, ProgrammingError

from undersigned.audit.log import record
from undersigned.campaigns.models import CampaignPublication
from undersigned.contract import Campaign
from undersigned.extensions import db

log = logging.getLogger(__name__)

_MEMO = "campaign_publications"


def _published(slug: str) -> bool:
    """Whether ``slug`` was published, read once per request (or command)."""
    known: dict[str, bool] = g.setdefault(_MEMO, {})
    if slug not in known:
        try:
            known[slug] = db.session.get(CampaignPublication, slug) is not None
        except (OperationalError, ProgrammingError) as error:  # not migrated yet: nothing was published
            db.session.rollback()
            log.warning("campaign publications unreadable: %s", error.orig)
            known[slug] = False
    return known[slug]


def is_draft(campaign: Campaign) -> bool:
    """Whether ``campaign`` is a draft nobody has published yet."""
    return campaign.draft and not _published(campaign.slug)


def public(campaigns: Iterable[Campaign]) -> list[Campaign]:
    """``campaigns`` without the drafts: what the public may see listed."""
    return [campaign for campaign in campaigns if not is_draft(campaign)]


def previewer(campaign: Campaign) -> bool:
    """Whether the signed-in user may see draft ``campaign``: its organizers and admins."""
    return current_user.is_authenticated and current_user.can("organize", campaign.slug)


def publish(campaign: Campaign) -> bool:
    """Show draft ``campaign`` to the public from now on (audited); ``False`` if it is not a draft."""
    if not is_draft(campaign):
        return False
    db.session.add(CampaignPublication(campaign=campaign.slug))
    record("campaign.publish", campaign=campaign.slug)
    db.session.commit()
    g.pop(_MEMO, None)
    log.info("campaign %s published", campaign.slug)
    return True

