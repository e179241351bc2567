"""A campaign's numbers at a glance: signatures by status, the channel's own counts, the goal,
the help requests still open, and its mail's bounce and complaint rates."""
from __future__ import annotations

from flask import render_template

from undersigned.bounces.rates import BOUNCE_WARNING, COMPLAINT_WARNING, campaign_rates
from undersigned.campaigns import counters
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.campaigns.publication import is_draft
from undersigned.console.campaigns.blueprint import bp
from undersigned.contract import channel_of
from undersigned.helpdesk.service import open_count
from undersigned.signing import records
from undersigned.users.auth import requires


@bp.get("/")
@requires("organize")
def overview(slug: str):
    campaign = campaign_or_404(slug)
    channel = channel_of(campaign)
    statuses = records.status_counts(slug)
    return render_template(
        "console/campaigns/overview.html", campaign=campaign, statuses=statuses,
        confirmed=statuses.get("confirmed", 0),
        reported_sent=counters.totals(slug).get(counters.REPORTED_SENT, 0)
        if channel.supporter_reports_sending else None,
        delivered=channel.delivered_count(campaign), approved=channel.approved_count(campaign),
        help_requests=open_count(slug), mail=campaign_rates(slug), bounce_warning=BOUNCE_WARNING,
        complaint_warning=COMPLAINT_WARNING, draft=is_draft(campaign))

