"""A campaign's share image (Open Graph), its QR codes for posters, and its embeddable widget."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, render_template

from undersigned.campaigns import counters
from undersigned.campaigns.embedding import allowed_origins
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.i18n.texts import campaign_text
from undersigned.security.headers import allow_framing_by
from undersigned.security.hosts import public_url
from undersigned.security.public_pages import public_page
from undersigned.sharing.image import qr_code, share_image
from undersigned.sharing.links import campaign_address, inbound_referral, share_links, share_message
from undersigned.sharing.opengraph import description, open_graph

bp = Blueprint("sharing", __name__, url_prefix="/c/<slug>", template_folder="templates")
#: Images change only with a translation; an hour keeps crawlers and posters quick.
CACHE = "public, max-age=3600"


@bp.get("/share.png")
def share_png(slug: str):
    campaign = campaign_or_404(slug)
    site = urlsplit(public_url("signing.home")).netloc
    png = share_image(campaign_text(campaign, campaign.title), site)
    return Response(png, mimetype="image/png", headers={"Cache-Control": CACHE})


@bp.get("/qr.<any(svg, png):kind>")
def qr(slug: str, kind: str):
    """The campaign's address (in the reader's language) as a QR code, to print on posters; with
    ``?ref=``, the address carries that referral code, so the poster's scans are attributed (a
    signer's share box asks for theirs)."""
    campaign = campaign_or_404(slug)
    mimetype = "image/svg+xml" if kind == "svg" else "image/png"
    return Response(qr_code(campaign_address(campaign, inbound_referral()), kind), mimetype=mimetype,
                    headers={"Cache-Control": CACHE})


@bp.get("/widget")
def widget(slug: str):
    """The count, the progress towards the goal and a sign link, for partner sites to frame;
    only the origins configured for the campaign may (CSP ``frame-ancestors``)."""
    def render() -> str:
        campaign = campaign_or_404(slug)
        allow_framing_by(allowed_origins(campaign))
        return render_template("sharing/widget.html", campaign=campaign, count=counters.confirmed_count(slug),
                               sign_url=campaign_address(campaign, inbound_referral()))
    return public_page(render)


@bp.app_context_processor
def sharing_context():
    return {"share_links": share_links, "share_message": share_message, "open_graph": open_graph,
            "page_description": description}
