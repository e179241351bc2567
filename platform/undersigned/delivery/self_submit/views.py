"""The ``self_submit`` channel's page: "I have sent it" (``POST /c/<slug>/sent/<token>``)."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

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
    if service.report_sent(signature, campaign):
        flash(_("Thank you! We have counted your letter as sent."), "success")
    return redirect(url_for("signing.thanks", slug=slug, token=token))
