"""A campaign's share image (Open Graph), its QR codes for posters, and its embeddable widget."""
from __future__ import annotations

import io
from urllib.parse import urlsplit

import segno
from flask import Blueprint, Response, render_template

from undersigned.campaigns import counters
from undersigned.campaigns.embedding import allowed_origins
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.i18n.texts import campaign_text
from undersigned.security.headers import allow_framing_by
from undersigned.security.hosts import public_url
from undersigned.sharing.image import share_image
from undersigned.sharing.links import campaign_address, inbound_referral, share_links, share_message
from undersigned.sharing.opengraph import description, open_graph

bp = Blueprint("sharing", __name__, url_prefix="/c/<slug>", template_folder="templates")
#: Images change only with a translation; an hour keeps crawlers and posters quick.
CACHE = "public, max-age=3600"
QR_SCALE = {"svg": 10, "png": 12}


@bp.get("/share.png")
def share_png(slug: str):
    campaign = campaign_or_404(slug)
    site = urlsplit(public_url("signing.home")).netloc
    png = share_image(campaign_text(campaign, campaign.title), site)
    return Response(png, mimetype="image/png", headers={"Cache-Control": CACHE})


@bp.get("/qr.<any(svg, png):kind>")
def qr(slug: str, kind: str):
    """The campaign's address (in the reader's language) as a QR code, to print on posters."""
    campaign = campaign_or_404(slug)
    code = segno.make(campaign_address(campaign), error="m")
    out = io.BytesIO()
    code.save(out, kind=kind, scale=QR_SCALE[kind], border=4)
    mimetype = "image/svg+xml" if kind == "svg" else "image/png"
    return Response(out.getvalue(), mimetype=mimetype, headers={"Cache-Control": CACHE})


@bp.get("/widget")
def widget(slug: str):
    """The count, the progress towards the goal and a sign link, for partner sites to frame;
    only the origins configured for the campaign may (CSP ``frame-ancestors``)."""
    campaign = campaign_or_404(slug)
    allow_framing_by(allowed_origins(campaign))
    return render_template("sharing/widget.html", campaign=campaign,
                           count=counters.confirmed_count(slug),
                           sign_url=campaign_address(campaign, inbound_referral()))


@bp.app_context_processor
def sharing_context():
    return {"share_links": share_links, "share_message": share_message, "open_graph": open_graph,
            "page_description": description}
