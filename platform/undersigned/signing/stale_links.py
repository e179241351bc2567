"""A confirmation link that no longer works says why, instead of a bare "Page not found": an
expired one offers a new link (``POST /c/<slug>/confirm/<token>/renew``), a broken one says how
to open it whole.

The page and the answer to "send me a new link" are the same whatever became of the signature
(waiting, confirmed, withdrawn, erased) and name neither the signer nor the address; a new link
goes only to a signature still waiting, at the address it was signed with, and asking is
limited as resending the confirmation is (``RATELIMIT_RESEND``, per client and per mailbox).
"""
from __future__ import annotations

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.i18n.locale import current_language
from undersigned.security.limits import check, email_key
from undersigned.signing import service
from undersigned.signing.lookup import LinkBroken, LinkExpired, signature_of_confirmation_link

bp = Blueprint("stale_links", __name__, template_folder="templates")


@bp.app_errorhandler(LinkExpired)
def expired(error: LinkExpired):
    return _explained("signing/link_expired.html", error)


@bp.app_errorhandler(LinkBroken)
def broken(error: LinkBroken):
    return _explained("signing/link_broken.html", error)


def _explained(template: str, error: HTTPException):
    """The page saying why the link of this request does not work: private, as the link is."""
    slug = (request.view_args or {}).get("slug")
    page = render_template(template, campaign=campaign_or_404(slug), token=(request.view_args or {}).get("token"),
                           link_days=current_app.config["CONFIRM_MAX_AGE_DAYS"])
    response = make_response(page, error.code)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/c/<slug>/confirm/<token>/renew")
def renew(slug: str, token: str):
    """Send a new confirmation link for the signature a genuine link names, if it still waits."""
    campaign = campaign_or_404(slug)
    check("RATELIMIT_RESEND")
    signature = signature_of_confirmation_link(campaign, token)
    if signature is not None and signature.email_canonical:
        check("RATELIMIT_RESEND", key=email_key(signature.email_canonical))
        service.resend(signature, campaign, current_language())
    flash(_("If your signature still waits for confirmation, we have sent a new link to the address "
            "you signed with. If you have confirmed it already, there is nothing more to do."), "success")
    return redirect(url_for("signing.confirm", slug=slug, token=token))
