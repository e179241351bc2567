"""The supporter's pages: home, campaign (read and sign), confirm, thank-you (with the next step
its delivery channel shows)."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from undersigned.campaigns import counters
from undersigned.campaigns.fields import letter_name
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.campaigns.publication import is_draft, public
from undersigned.captcha.providers import current_provider
from undersigned.contract import Campaign, channel_of
from undersigned.contract.state import registry_of
from undersigned.extensions import csrf
from undersigned.i18n.locale import current_language
from undersigned.security.identity import canonical_email, ip_hash, mask_email
from undersigned.security.limits import LimitExceeded, check, email_key, form_over_limit, limit
from undersigned.security.origin import cross_origin
from undersigned.security.public_pages import public_page
from undersigned.security.tokens import CONFIRM, SIGNER, make_token
from undersigned.sharing.links import campaign_address, inbound_referral
from undersigned.signing import intake, just_signed, service, undeliverable
from undersigned.signing.forms import HONEYPOT, CorrectEmailForm, field_values, make_form, repeated_fields
from undersigned.signing.campaign_page import render_campaign_page
from undersigned.signing.letter import render_letter_text
from undersigned.signing.lookup import signature_or_404
from undersigned.signing.models import CONFIRMED
from undersigned.signing.progress import progress

bp = Blueprint("signing", __name__, template_folder="templates")
#: The sign form's buttons that only show the form again: the letter filled in, a new captcha.
PREVIEW, CAPTCHA_REFRESH = "preview", "captcha_refresh"
log = logging.getLogger(__name__)
#: Pages whose address carries a signer's token, or that name the signer's address: never cached,
#: never sent on as a referrer.
PRIVATE_PAGES = {"signing.sign", "signing.confirm", "signing.confirm_post", "signing.thanks",
                 "signing.check_email", "privacy.withdraw", "privacy.withdraw_post", "privacy.data_copy"}


@bp.get("/")
def home():
    return public_page(_render_home)


def _render_home() -> str:
    campaigns = [c for c in public(registry_of()) if c.status() != "closed"]
    return render_template("signing/home.html", campaigns=campaigns, totals=counters.totals)


@bp.get("/c/<slug>")
def campaign_page(slug: str):
    def render() -> str:
        campaign = campaign_or_404(slug)
        return render_campaign_page(campaign, make_form(campaign))
    return public_page(render, shareable=current_provider().same_page_for_every_reader)


@bp.post("/c/<slug>")
@csrf.exempt  # the page is shared by every reader: checked by its headers, refused keeping what was typed
def sign(slug: str):
    campaign = campaign_or_404(slug)
    form = make_form(campaign)
    if cross_origin():
        log.info("cross-site sign request refused on %s", slug)
        form.form_errors.append(_("This form was sent from another site, so we did not accept it. We kept "
                                  "what you typed: please check it and send it again from this page."))
        return render_campaign_page(campaign, form), 403
    if PREVIEW in request.form or CAPTCHA_REFRESH in request.form:
        # no validation: the form comes back as typed, with a new challenge and the letter filled in
        return render_campaign_page(campaign, form)
    if is_draft(campaign):
        flash(_("This campaign is a draft: nobody can sign it until it is published."), "error")
        return render_campaign_page(campaign, form), 409
    if campaign.paused:
        flash(_("Signing is paused for a while. Please come back later."), "error")
        return render_campaign_page(campaign, form), 409
    if not campaign.is_open:
        flash(_("This campaign is not accepting signatures now."), "error")
        return render_campaign_page(campaign, form), 409
    try:
        with limit("RATELIMIT_SIGN"):
            if any(request.form.getlist(HONEYPOT)):
                # a bot filled the invisible field: answer as if it worked, write nothing
                log.info("honeypot filled on %s", slug)
                return redirect(url_for("signing.check_email", slug=slug))
            form_ok = form.validate()
            if repeated_fields(request.form):
                form.form_errors.append(_("Some fields were sent more than once. Please check the form "
                                          "and send it again."))
                form_ok = False
            provider = current_provider()
            captcha_ok = provider.verify(request.form)
            if not (form_ok and captcha_ok):
                captcha_error = None if captcha_ok else str(provider.failure_message)
                return render_campaign_page(campaign, form, captcha_error=captcha_error), 400
            try:
                signature = intake.accept(campaign, form, locale=current_language(), ip_hash=ip_hash(),
                                          public_name=bool(form.public_name.data), referral=inbound_referral())
                just_signed.remember(campaign, signature, own=True)
            except intake.Undeliverable as refused:  # their own signature's? correct it there
                own = undeliverable.own_pending(campaign, refused.canonical)
                return redirect(url_for("signing.check_email", slug=slug)) if own else (render_campaign_page(campaign, form), 400)
            except service.Refused:
                # neutral: the signer learns neither that a block list exists nor what is on it
                form.form_errors.append(_("We cannot accept this signature. If you think this is a "
                                          "mistake, please contact the organizers."))
                return render_campaign_page(campaign, form), 403
            except service.AlreadySigned:
                email = field_values(form, campaign)["email"]
                existing = service.remind(campaign, email=email, email_canonical=canonical_email(email),
                                          locale=current_language())
                if existing is not None:  # the page must look as after a first signature
                    just_signed.remember(campaign, existing, own=False, email=email)
    except LimitExceeded as over:  # the form comes back as typed, saying when to send it again
        return form_over_limit(form, over, lambda: render_campaign_page(campaign, form))
    return redirect(url_for("signing.check_email", slug=slug))


@bp.get("/c/<slug>/check-email")
def check_email(slug: str):
    return _render_check_email(campaign_or_404(slug), CorrectEmailForm())


def _render_check_email(campaign: Campaign, form: CorrectEmailForm, status: int = 200):
    just = just_signed.recall(campaign)
    return render_template("signing/check_email.html", campaign=campaign, form=form, just_signed=just,
                           mail_fails=just is not None and undeliverable.mail_fails(just.signature.email)), status


@bp.post("/c/<slug>/check-email/resend")
def resend(slug: str):
    """Send the confirmation again. The answer is the same whatever the session names (a new
    signature, an earlier one, nothing) and whether or not anything was sent."""
    campaign = campaign_or_404(slug)
    just = just_signed.recall(campaign)
    check("RATELIMIT_RESEND")
    if just is not None and just.signature.email:
        check("RATELIMIT_RESEND", key=email_key(just.signature.email_canonical))
        if just.own:
            service.resend(just.signature, campaign, current_language())
        else:  # what signing again with that address would send
            service.remind(campaign, email=just.signature.email,
                           email_canonical=just.signature.email_canonical, locale=current_language())
    flash(_("If your signature still waits for confirmation, we have sent the message again to "
            "%(address)s.", address=just.shown if just else "•••"), "success")
    return redirect(url_for("signing.check_email", slug=slug))


@bp.post("/c/<slug>/check-email/correct")
def correct_email(slug: str):
    """Move the session's own pending signature to a corrected address (the rules of signing
    apply: one signature per mailbox, the block list, the per-mailbox limit)."""
    campaign = campaign_or_404(slug)
    form = CorrectEmailForm()
    if not form.validate():
        return _render_check_email(campaign, form, 400)
    address = form.email.data
    canonical = canonical_email(address)
    check("RATELIMIT_RESEND")
    check("RATELIMIT_RESEND", key=email_key(canonical))
    if undeliverable.refuse(form.email, address):
        return _render_check_email(campaign, form, 400)
    just = just_signed.recall(campaign)
    if just is not None and just.own:
        try:
            if service.correct_email(just.signature, campaign, email=address, email_canonical=canonical,
                                     locale=current_language()):
                just_signed.remember(campaign, just.signature, own=True)
        except service.Refused:
            form.email.errors = [_("We cannot accept this signature. If you think this is a mistake, "
                                   "please contact the organizers.")]
            return _render_check_email(campaign, form, 403)
        except service.AlreadySigned:
            existing = service.remind(campaign, email=address, email_canonical=canonical,
                                      locale=current_language())
            if existing is not None:
                just_signed.remember(campaign, existing, own=False, email=address)
    elif just is not None:  # an earlier signature is never changed, but the page looks the same
        just_signed.remember(campaign, just.signature, own=False, email=address)
    flash(_("If your signature still waits for confirmation, we have sent the message again to "
            "%(address)s.", address=mask_email(address)), "success")
    return redirect(url_for("signing.check_email", slug=slug))


@bp.get("/c/<slug>/confirm/<token>")
def confirm(slug: str, token: str):
    campaign = campaign_or_404(slug)
    signature = signature_or_404(campaign, CONFIRM, token)
    if signature.status == CONFIRMED:
        return redirect(url_for("signing.thanks", slug=slug, token=make_token(SIGNER, signature.public_id)))
    return _render_confirm(campaign, signature, token)


def _render_confirm(campaign: Campaign, signature, token: str, status: int = 200):
    return render_template("signing/confirm.html", campaign=campaign, signature=signature, token=token,
                           signer_name=letter_name(campaign, signature.fields or {})), status


@bp.post("/c/<slug>/confirm/<token>")
def confirm_post(slug: str, token: str):
    campaign = campaign_or_404(slug)
    with limit("RATELIMIT_CONFIRM"):
        signature = signature_or_404(campaign, CONFIRM, token)
        check("RATELIMIT_CONFIRM_EMAIL", key=email_key(signature.email_canonical))
        service.confirm(signature, campaign)
    if signature.status != CONFIRMED:
        return _render_confirm(campaign, signature, token, 409)
    return redirect(url_for("signing.thanks", slug=slug, token=make_token(SIGNER, signature.public_id)))


@bp.get("/c/<slug>/thanks/<token>")
def thanks(slug: str, token: str):
    campaign = campaign_or_404(slug)
    signature = signature_or_404(campaign, SIGNER, token)
    share_url = campaign_address(campaign, signature.share_code)
    return render_template(
        "signing/thanks.html", campaign=campaign, signature=signature, token=token,
        channel=channel_of(campaign), share_url=share_url, totals=counters.totals(slug),
        letter_text=render_letter_text(campaign, signature.fields),
        contact_form_url=campaign.recipient.contact_form_url)


@bp.after_app_request
def keep_private_pages_private(response):
    if request.endpoint in PRIVATE_PAGES:
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.app_context_processor
def signing_context():
    return {"help_email": current_app.config.get("HELP_EMAIL"), "campaign_progress": progress}
