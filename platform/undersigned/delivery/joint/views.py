"""The ``joint`` channel's page: the joint letter with every approved signatory, and the versions
delivered so far (``/c/<slug>/letter``)."""
from __future__ import annotations

from flask import render_template

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.delivery.joint.service import approved_signatories, versions
from undersigned.delivery.lookup import channel_blueprint
from undersigned.signing.letter import render_letter_html

bp = channel_blueprint("joint", __name__)


@bp.get("/letter")
def letter(slug: str):
    campaign = campaign_or_404(slug)
    signatories = approved_signatories(campaign)
    return render_template("joint/letter.html", campaign=campaign, signatories=signatories,
                           letter=render_letter_html(campaign, {}, signatories=signatories),
                           delivered=versions(campaign, delivered_only=True))
