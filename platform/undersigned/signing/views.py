"""The supporter's pages: home, campaign (read and sign), confirm, thank-you (with the next step
its delivery channel shows)."""
from __future__ import annotations

import datetime as dt
import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from undersigned.campaigns import counters
from undersigned.campaigns.fields import asks_letter_name, letter_name
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.captcha.providers import current_provider
from undersigned.contract import Campaign, channel_of
from undersigned.contract.state import registry_of
from undersigned.extensions import csrf
from undersigned.i18n.fragments import campaign_key, fragment
from undersigned.i18n.locale import current_language
from undersigned.i18n.transliteration import browser_table
from undersigned.security.headers import csp_nonce
from undersigned.security.identity import canonical_email, ip_hash, mask_email
from undersigned.security.limits import check, email_key, limit
from undersigned.security.tokens import CONFIRM, SIGNER, make_token
from undersigned.sharing.links import campaign_address, inbound_referral
from undersigned.signing import just_signed, service
from undersigned.signing.forms import HONEYPOT, CorrectEmailForm, field_values, make_form
from undersigned.signing.letter import render_letter_html, render_letter_text, render_letter_translation
from undersigned.signing.lookup import signature_or_404
from undersigned.signing.models import CONFIRMED
from undersigned.signing.page_shell import Shell, mark, shell_fits
from undersigned.signing.progress import progress

bp = Blueprint("signing", __name__, template_folder="templates")
#: The sign form's buttons that only show the form again: the letter filled in, a new captcha.
PREVIEW, CAPTCHA_REFRESH = "preview", "captcha_refresh"
log = logging.getLogger(__name__)
#: Pages whose address carries a signer's token, or that name the signer's address: never cached,
#: never sent on as a referrer.
PRIVATE_PAGES = {"signing.confirm", "signing.confirm_post", "signing.thanks", "signing.check_email",
                 "privacy.withdraw", "privacy.withdraw_post", "privacy.data_copy"}


@bp.get("/")
def home():
    campaigns = [c for c in registry_of() if c.status() != "closed"]
    return render_template("signing/home.html", campaigns=campaigns, totals=counters.totals)


@bp.get("/c/<slug>")
def campaign_page(slug: str):
    campaign = campaign_or_404(slug)
    if shell_fits():
        return _shared_page(campaign)
    return _render_campaign(campaign, make_form(campaign))


def _shared_page(campaign: Campaign) -> str:
    """The page as every first-time reader of this language gets it, with this request's own
    nonce, CSRF token, captcha and count."""
    def render() -> Shell:
        form = make_form(campaign)
        form.csrf_token.current_token = mark("csrf")
        return Shell.of(_render_campaign(campaign, form, holes=True))
    key = ("campaign_page", campaign_key(campaign), type(channel_of(campaign)), request.host_url,
           request.script_root, request.path, dt.date.today())
    form_action = url_for("signing.sign", slug=campaign.slug)
    return fragment(key, render).fill(nonce=csp_nonce(), csrf=generate_csrf(),
                                      captcha=_captcha_box(current_provider(), form_action, None),
                                      progress=_progress(campaign))


@bp.post("/c/<slug>")
@csrf.exempt  # the form's own CSRF field is checked, so a failure keeps what was typed
def sign(slug: str):
    campaign = campaign_or_404(slug)
    form = make_form(campaign)
    if PREVIEW in request.form or CAPTCHA_REFRESH in request.form:
        # no validation: the form comes back as typed, with a new challenge (and the letter open)
        return _render_campaign(campaign, form, previewing=PREVIEW in request.form)
    if campaign.paused:
        flash(_("Signing is paused for a while. Please come back later."), "error")
        return _render_campaign(campaign, form), 409
    if not campaign.is_open:
        flash(_("This campaign is not accepting signatures now."), "error")
        return _render_campaign(campaign, form), 409
    with limit("RATELIMIT_SIGN"):
        if any(request.form.getlist(HONEYPOT)):
            # a bot filled the invisible field: answer as if it worked, write nothing
            log.info("honeypot filled on %s", slug)
            return redirect(url_for("signing.check_email", slug=slug))
        form_ok = form.validate()
        if _repeated_fields():
            form.form_errors.append(_("Some fields were sent more than once. Please check the form "
                                      "and send it again."))
            form_ok = False
        provider = current_provider()
        captcha_ok = provider.verify(request.form)
        if not (form_ok and captcha_ok):
            captcha_error = None if captcha_ok else str(provider.failure_message)
            return _render_campaign(campaign, form, captcha_error=captcha_error), 400
        values = field_values(form, campaign)
        canonical = canonical_email(values["email"])
        check("RATELIMIT_SIGN_EMAIL", key=email_key(canonical))
        try:
            signature = service.sign(campaign, values, email=values["email"], email_canonical=canonical,
                                     locale=current_language(), ip_hash=ip_hash(),
                                     public_name=bool(form.public_name.data), referral=inbound_referral())
            just_signed.remember(campaign, signature, own=True)
        except service.Refused:
            # neutral: the signer learns neither that a block list exists nor what is on it
            form.form_errors.append(_("We cannot accept this signature. If you think this is a "
                                      "mistake, please contact the organizers."))
            return _render_campaign(campaign, form), 403
        except service.AlreadySigned:
            existing = service.remind(campaign, email=values["email"], email_canonical=canonical,
                                      locale=current_language())
            if existing is not None:  # the page must look as after a first signature
                just_signed.remember(campaign, existing, own=False, email=values["email"])
    return redirect(url_for("signing.check_email", slug=slug))


def _repeated_fields() -> list[str]:
    """Names the request sent more than once: a browser never does, and which copy counts
    would be ambiguous (the honeypot, a captcha answer), so the request is refused."""
    return [name for name, values in request.form.lists() if len(values) > 1]


def _render_campaign(campaign: Campaign, form, *, previewing: bool = False,
                     captcha_error: str | None = None, holes: bool = False) -> str:
    """The campaign page; with ``holes``, the shared shell (:mod:`signing.page_shell`)."""
    values = {name: form[name].data for name in form._fields if name != "csrf_token"}
    captcha = current_provider()
    letter, letter_translation = _letter_preview(campaign, values)
    form_action = url_for("signing.sign", slug=campaign.slug, ref=request.args.get("ref"))
    per_request = (dict(captcha_box=Markup(mark("captcha")), progress=Markup(mark("progress")),
                        csp_nonce=lambda: mark("nonce")) if holes else
                   dict(captcha_box=_captcha_box(captcha, form_action, captcha_error), progress=_progress(campaign)))
    return render_template(
        "signing/campaign.html", campaign=campaign, form=form, previewing=previewing,
        captcha_error=captcha_error, letter=letter, letter_translation=letter_translation,
        instructions=fragment(("instructions", campaign_key(campaign)), lambda: Markup(render_template(
            campaign.template("instructions.html"), campaign=campaign))),
        form_fields=_form_fields(campaign, form), form_action=form_action, captcha=captcha,
        channel=channel_of(campaign),
        transliteration=browser_table() if asks_letter_name(campaign) else None,
        share_url=campaign_address(campaign, inbound_referral()), **per_request)


def _captcha_box(captcha, form_action: str, captcha_error: str | None) -> Markup:
    """A new challenge of the captcha provider, as its template shows it in the sign form."""
    return Markup(render_template(captcha.template, captcha=captcha, challenge=captcha.challenge(),
                                  captcha_error=captcha_error, form_action=form_action))


def _progress(campaign: Campaign) -> Markup:
    return Markup(render_template("signing/_progress.html", campaign=campaign,
                                  totals=counters.totals(campaign.slug)))


def _letter_preview(campaign: Campaign, values: dict) -> tuple[Markup, Markup | None]:
    """The letter and its translation as the page shows them: the same for every reader of a
    language until something is typed, so rendered once a day per campaign and language."""
    def render() -> tuple[Markup, Markup | None]:
        return (render_letter_html(campaign, values, preview=True),
                render_letter_translation(campaign, current_language(), values, preview=True))
    if any(values.values()):
        return render()
    # the channel decides whether the supporter's own signature block is previewed
    channel = type(channel_of(campaign))
    return fragment(("letter", campaign_key(campaign), channel, dt.date.today()), render)


def _form_fields(campaign: Campaign, form) -> Markup:
    """The form's fields; as first shown (nothing typed, no errors) the same for every reader of
    a language, so rendered once per campaign and language."""
    def render() -> Markup:
        return Markup(render_template("signing/_form_fields.html", form=form))
    if request.method == "POST":
        return render()
    return fragment(("form_fields", campaign_key(campaign)), render)


@bp.get("/c/<slug>/check-email")
def check_email(slug: str):
    return _render_check_email(campaign_or_404(slug), CorrectEmailForm())


def _render_check_email(campaign: Campaign, form: CorrectEmailForm, status: int = 200):
    return render_template("signing/check_email.html", campaign=campaign, form=form,
                           just_signed=just_signed.recall(campaign)), status


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
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.app_context_processor
def signing_context():
    return {"help_email": current_app.config.get("HELP_EMAIL"), "campaign_progress": progress}
