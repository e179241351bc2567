"""The ``joint`` channel's pages: the joint letter with the approved signatories who agreed to be
shown (the others counted), its reading translation, and the versions delivered so far
(``/c/<slug>/letter``), each as a public PDF (``/c/<slug>/letter/v<number>.pdf``)."""
from __future__ import annotations

from flask import Response, abort, render_template

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.delivery.joint.public_copy import public_copy
from undersigned.delivery.joint.service import pdf_filename, public_signatories, version, versions
from undersigned.delivery.lookup import channel_blueprint
from undersigned.i18n.locale import current_language
from undersigned.signing.letter import render_letter_html, render_letter_translation

bp = channel_blueprint("joint", __name__)
#: Who is shown on a public copy can change (a co-signer withdraws): kept a few minutes at most.
PDF_CACHE = "public, max-age=300"


@bp.get("/letter")
def letter(slug: str):
    campaign = campaign_or_404(slug)
    shown, others = public_signatories(campaign)
    return render_template("joint/letter.html", campaign=campaign, total=len(shown) + others,
                           others=others, letter=render_letter_html(campaign, {}, signatories=shown),
                           translation=render_letter_translation(campaign, current_language(), {}),
                           delivered=versions(campaign, delivered_only=True))


@bp.get("/letter/v<int:number>.pdf")
def letter_pdf(slug: str, number: int):
    """A delivered version, naming the co-signers who agree to be shown (``public_copy``)."""
    campaign = campaign_or_404(slug)
    delivered = version(campaign, number)
    if delivered is None or delivered.delivered_at is None:
        abort(404)
    return Response(public_copy(campaign, delivered), mimetype="application/pdf", headers={
        "Cache-Control": PDF_CACHE,
        "Content-Disposition": f'inline; filename="{pdf_filename(campaign, delivered)}"'})
