"""Open counts: a published campaign's numbers as JSON for anyone (a partner's page, a
journalist), read from the sharded counters only, cacheable, with CORS open."""
from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request
from flask_babel import force_locale

from undersigned.api.blueprint import bp
from undersigned.campaigns import counters
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.contract import Campaign
from undersigned.i18n.texts import campaign_text
from undersigned.signing import tallies


def open_counts(campaign: Campaign) -> dict[str, Any]:
    """``campaign``'s title in each of its languages, confirmed count, goal, milestones, and
    confirmed counts by place (``countries``, ``us_states``: code -> count)."""
    totals = counters.totals(campaign.slug)
    titles = {}
    for language in campaign.languages:
        with force_locale(language):
            titles[language] = campaign_text(campaign, campaign.title)
    return {"slug": campaign.slug, "title": titles, "status": campaign.status(),
            "count": totals.get(counters.CONFIRMED, 0), "goal": campaign.goal,
            "milestones": list(campaign.milestones),
            "countries": dict(counters.bars(campaign.slug, tallies.COUNTRY)),
            "us_states": dict(counters.bars(campaign.slug, tallies.US_STATE))}


@bp.get("/c/<slug>.json")
def campaign_counts(slug: str):
    """The open counts of campaign ``slug``; ``304`` when the client's copy is current."""
    response = jsonify(open_counts(campaign_or_404(slug)))
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["API_COUNTS_MAX_AGE"]
    response.add_etag()
    return response.make_conditional(request)
