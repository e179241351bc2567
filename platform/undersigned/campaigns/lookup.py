"""Finding the campaign a URL or a CLI command names."""
from __future__ import annotations

import click
from flask import abort

from undersigned.campaigns.publication import is_draft, previewer
from undersigned.contract import Campaign
from undersigned.contract.state import registry_of
from undersigned.i18n.texts import activate_campaign_domain


def campaign_or_404(slug: str) -> Campaign:
    """The campaign ``slug``, with its catalog active for this request; 404 if there is none, or
    if it is a draft and the signed-in user is not one of its organizers."""
    campaign = registry_of().get(slug)
    if campaign is None or (is_draft(campaign) and not previewer(campaign)):
        abort(404)
    activate_campaign_domain(campaign)
    return campaign


def campaign_or_fail(slug: str) -> Campaign:
    """The campaign ``slug`` for a CLI command; a clear error if there is none."""
    campaign = registry_of().get(slug)
    if campaign is None:
        raise click.ClickException(f"no campaign {slug!r} (see: flask campaigns list)")
    return campaign
