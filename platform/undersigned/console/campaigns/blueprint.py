"""The blueprint of a campaign's console pages (``/console/campaigns/<slug>/...``)."""
from __future__ import annotations

from flask import Blueprint, url_for

from undersigned.contract import Campaign, channel_of
from undersigned.i18n.translate import lazy_gettext as _l

bp = Blueprint("campaign", __name__, url_prefix="/console/campaigns/<slug>", template_folder="templates")


def sections(campaign: Campaign) -> list[tuple[str, str]]:
    """The campaign's console pages, as (address, name) for the navigation."""
    pages = [("campaign.overview", _l("Overview")), ("campaign.charts", _l("Charts")),
             ("campaign.signatures", _l("Signatures"))]
    if channel_of(campaign).needs_approval:
        pages += [("campaign.cosigners", _l("Co-signers")), ("campaign.letter", _l("Letter"))]
    pages += [("helpdesk_console.list_page", _l("Help requests")), ("campaign.export", _l("Export (CSV)")),
              ("campaign.settings", _l("Settings")), ("console.sharing", _l("Sharing")),
              ("api_console.listing", _l("API")), ("api_webhooks.listing", _l("Webhooks"))]
    return [(url_for(endpoint, slug=campaign.slug), str(name)) for endpoint, name in pages]


@bp.app_context_processor
def campaign_sections():
    return {"campaign_sections": sections}
