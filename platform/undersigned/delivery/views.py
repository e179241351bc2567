"""Pages of the delivery channels: the joint letter with every approved signatory."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from undersigned.extensions import db
from undersigned.signing.letter import render_letter_html
from undersigned.signing.models import CONFIRMED, Signature
from undersigned.campaigns.lookup import campaign_or_404

bp = Blueprint("delivery", __name__, template_folder="templates")


def approved_signatories(slug: str) -> list[dict]:
    """Every approved co-signer's fields, in the order they were approved."""
    rows = db.session.scalars(
        select(Signature).where(Signature.campaign == slug, Signature.status == CONFIRMED,
                                Signature.approved_at.is_not(None))
        .order_by(Signature.approved_at, Signature.id))
    return [dict(row.fields, full_name=row.full_name) for row in rows]


@bp.get("/c/<slug>/letter")
def joint_letter(slug: str):
    campaign = campaign_or_404(slug)
    if campaign.channel != "joint":
        abort(404)
    signatories = approved_signatories(slug)
    letter = render_letter_html(campaign, {}, signatories=signatories)
    return render_template("delivery/joint_letter.html", campaign=campaign, letter=letter,
                           signatories=signatories)
