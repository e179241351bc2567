"""The ``self_submit`` channel's page: "I have sent it" (``POST /c/<slug>/sent/<token>``)."""
from __future__ import annotations

from flask import redirect, url_for

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.delivery.lookup import channel_blueprint
from undersigned.delivery.self_submit import service
from undersigned.security.limits import check
from undersigned.security.tokens import SIGNER
from undersigned.signing.lookup import signature_or_404

bp = channel_blueprint("self_submit", __name__)


@bp.post("/sent/<token>")
def report_sent(slug: str, token: str):
    campaign = campaign_or_404(slug)
    check("RATELIMIT_CONFIRM")
    signature = signature_or_404(campaign, SIGNER, token)
    # the page it returns to says so (its heading and its next step), with no notice on top
    service.report_sent(signature, campaign)
    return redirect(url_for("signing.thanks", slug=slug, token=token))
