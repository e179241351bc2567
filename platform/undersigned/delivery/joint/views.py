"""The ``joint`` channel's public pages: the joint letter with the approved signatories who agreed
to be shown (the others counted) and the versions delivered so far (``/c/<slug>/letter``), and
the same letter as a PDF naming every one of them (``/c/<slug>/letter.pdf``)."""
from __future__ import annotations

import io

from flask import send_file

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.delivery.joint import public
from undersigned.delivery.lookup import channel_blueprint

bp = channel_blueprint("joint", __name__)


@bp.get("/letter")
def letter(slug: str):
    return public.page(campaign_or_404(slug))


@bp.get("/letter.pdf")
def letter_pdf(slug: str):
    body, stamp = public.pdf(campaign_or_404(slug))
    return send_file(io.BytesIO(body), mimetype="application/pdf", download_name=f"{slug}-letter.pdf",
                     etag=stamp, conditional=True)
