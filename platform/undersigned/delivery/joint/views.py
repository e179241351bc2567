"""The ``joint`` channel's page: the joint letter with the approved signatories who agreed to be
shown (the others counted), and the versions delivered so far (``/c/<slug>/letter``)."""
from __future__ import annotations

from flask import render_template

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.delivery.joint.service import public_signatories, versions
from undersigned.delivery.lookup import channel_blueprint
from undersigned.signing.letter import render_letter_html

bp = channel_blueprint("joint", __name__)


@bp.get("/letter")
def letter(slug: str):
    campaign = campaign_or_404(slug)
    shown, others = public_signatories(campaign)
    return render_template("joint/letter.html", campaign=campaign, total=len(shown) + others,
                           others=others, letter=render_letter_html(campaign, {}, signatories=shown),
                           delivered=versions(campaign, delivered_only=True))
