"""The privacy pages: what is kept and why (``/privacy``), withdrawing a signature with its data
(``/c/<slug>/withdraw/<token>``), and asking for a copy of it (``POST /c/<slug>/copy/<token>``)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.contract import Campaign, channel_of
from undersigned.i18n.locale import current_language
from undersigned.privacy import service
from undersigned.security.limits import LimitExceeded, check, email_key, limit
from undersigned.security.tokens import SIGNER
from undersigned.signing.lookup import signature_or_404
from undersigned.signing.models import Signature

bp = Blueprint("privacy", __name__, template_folder="templates")


@bp.get("/privacy")
def privacy_page():
    return render_template("privacy/privacy.html", purge_after_days=current_app.config["PURGE_AFTER_DAYS"])


def _withdrawable(campaign: Campaign, token: str) -> Signature:
    signature = service.withdrawable(campaign, token)
    if signature is None:
        abort(404)
    return signature


@bp.get("/c/<slug>/withdraw/<token>")
def withdraw(slug: str, token: str):
    campaign = campaign_or_404(slug)
    signature = _withdrawable(campaign, token)
    return render_template("privacy/withdraw.html", campaign=campaign, signature=signature, token=token,
                           channel=channel_of(campaign))


@bp.post("/c/<slug>/withdraw/<token>")
def withdraw_post(slug: str, token: str):
    campaign = campaign_or_404(slug)
    with limit("RATELIMIT_CONFIRM"):
        signature = _withdrawable(campaign, token)
        if not service.withdraw(signature, campaign):
            abort(404)  # withdrawn or invalidated by another request meanwhile
    return redirect(url_for("privacy.withdrawn", slug=slug))


@bp.get("/c/<slug>/withdrawn")
def withdrawn(slug: str):
    return render_template("privacy/withdrawn.html", campaign=campaign_or_404(slug))


@bp.post("/c/<slug>/copy/<token>")
def data_copy(slug: str, token: str):
    campaign = campaign_or_404(slug)
    check("RATELIMIT_CONFIRM")
    signature = signature_or_404(campaign, SIGNER, token)
    try:
        check("RATELIMIT_DATA_COPY_EMAIL", key=email_key(signature.email_canonical))
    except LimitExceeded:
        pass  # the same answer: asking again and again fills nobody's mailbox
    else:
        service.send_copy(signature, campaign, current_language())
    flash(_("We are sending a copy of what we hold about you to the address you signed with. "
            "We send a few copies a day at most."), "success")
    return redirect(url_for("signing.thanks", slug=slug, token=token))
