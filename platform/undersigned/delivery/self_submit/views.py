"""The ``self_submit`` channel's pages: "I have sent it" (``POST /c/<slug>/sent/<token>``), and
while debugging the stand-in for a contact form not configured (``/c/<slug>/stand-in-form``)."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.delivery.lookup import channel_blueprint
from undersigned.delivery.self_submit import service
from undersigned.delivery.self_submit.stand_in import serves_stand_in, stand_in_url
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


@bp.route("/stand-in-form", methods=["GET", "POST"])
def stand_in_form(slug: str):
    """A form shaped like the official one that sends nothing (debug mode only)."""
    campaign = campaign_or_404(slug)
    if not serves_stand_in(campaign):
        abort(404)
    return render_template("self_submit/stand_in.html", campaign=campaign, sent=request.method == "POST")


@bp.app_context_processor
def self_submit_context():
    return {"stand_in_url": stand_in_url}
