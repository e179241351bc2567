"""The console's front page (what the signed-in user may do) and each campaign's sharing page."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from undersigned.campaigns import counters
from undersigned.campaigns.embedding import allowed_origins
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.contract import channel_of
from undersigned.contract.state import registry_of
from undersigned.paging import by_place
from undersigned.security.hosts import public_url
from undersigned.signing import referrals
from undersigned.users.auth import requires

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates")


@bp.get("/")
@requires("console")
def index():
    campaigns = [c for c in registry_of() if current_user.can("organize", c.slug)]
    return render_template("console/index.html", campaigns=campaigns, totals=counters.totals,
                           channels={c.slug: channel_of(c) for c in campaigns},
                           problems=registry_of().problems if current_user.can("organize") else [])


@bp.get("/campaigns/<slug>/sharing")
@requires("organize")
def sharing(slug: str):
    """Which referral codes brought confirmed signatures (50 a page), the QR codes and the
    widget's code."""
    campaign = campaign_or_404(slug)
    page = by_place(referrals.listing(slug), total=referrals.listed_count(slug)).map(referrals.described)
    return render_template("console/sharing.html", campaign=campaign, referrals=page,
                           embed_origins=allowed_origins(campaign),
                           widget_url=public_url("sharing.widget", slug=slug))
