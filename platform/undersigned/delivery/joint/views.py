"""The ``joint`` channel's public pages: the joint letter with the approved signatories who agreed
to be shown (the others counted), its reading translation and the versions delivered so far
(``/c/<slug>/letter``), the same letter as a PDF naming every one of them
(``/c/<slug>/letter.pdf``), and each delivered version as the public may read it
(``/c/<slug>/letter/v<number>.pdf``)."""
from __future__ import annotations

import io

from flask import abort, send_file

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.delivery.joint import public
from undersigned.delivery.lookup import channel_blueprint
from undersigned.security.public_pages import public_page

bp = channel_blueprint("joint", __name__)


@bp.get("/letter")
def letter(slug: str):
    return public_page(lambda: public.page(campaign_or_404(slug)))


@bp.get("/letter.pdf")
def letter_pdf(slug: str):
    body, stamp = public.pdf(campaign_or_404(slug))
    return send_file(io.BytesIO(body), mimetype="application/pdf", download_name=f"{slug}-letter.pdf",
                     etag=stamp, conditional=True)


@bp.get("/letter/v<int:number>.pdf")
def version_pdf(slug: str, number: int):
    made = public.version_pdf(campaign_or_404(slug), number)
    if made is None:
        abort(404)
    body, stamp = made
    return send_file(io.BytesIO(body), mimetype="application/pdf", download_name=f"{slug}-v{number}.pdf",
                     etag=stamp, conditional=True)
