"""The campaign page as the sign view renders it: the letter filled in with what was typed, the
form, the captcha and the progress; with holes where each request's own values go when it is the
page every first-time reader shares (:mod:`undersigned.signing.page_shell`)."""
from __future__ import annotations

import datetime as dt

from flask import render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from undersigned.campaigns import counters
from undersigned.campaigns.fields import asks_letter_name
from undersigned.campaigns.publication import is_draft
from undersigned.captcha.providers import current_provider
from undersigned.contract import Campaign, channel_of
from undersigned.i18n.fragments import campaign_key, fragment
from undersigned.i18n.locale import current_language
from undersigned.i18n.transliteration import browser_table
from undersigned.sharing.links import campaign_address, inbound_referral
from undersigned.signing.letter import render_letter_html, render_letter_translation
from undersigned.security.headers import csp_nonce
from undersigned.signing.forms import make_form
from undersigned.signing.page_shell import Shell, mark


def render_campaign_page(campaign: Campaign, form, *, captcha_error: str | None = None,
                     holes: bool = False) -> str:
    """The campaign page; with ``holes``, the shared shell (:mod:`signing.page_shell`)."""
    values = {name: form[name].data for name in form._fields if name != "csrf_token"}
    captcha = current_provider()
    letter, letter_translation = _letter_preview(campaign, values)
    form_action = url_for("signing.sign", slug=campaign.slug, ref=request.args.get("ref"))
    per_request = (dict(captcha_box=Markup(mark("captcha")), progress=Markup(mark("progress")),
                        csp_nonce=lambda: mark("nonce")) if holes else
                   dict(captcha_box=_captcha_box(captcha, form_action, captcha_error), progress=_progress(campaign)))
    return render_template(
        "signing/campaign.html", campaign=campaign, form=form,
        captcha_error=captcha_error, letter=letter, letter_translation=letter_translation,
        instructions=fragment(("instructions", campaign_key(campaign)), lambda: Markup(render_template(
            campaign.template("instructions.html"), campaign=campaign))),
        form_fields=_form_fields(campaign, form), form_action=form_action, captcha=captcha,
        channel=channel_of(campaign), draft=is_draft(campaign),
        transliteration=browser_table() if asks_letter_name(campaign) else None,
        share_code=inbound_referral(), share_url=campaign_address(campaign, inbound_referral()),
        **per_request)


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


def shared_campaign_page(campaign: Campaign) -> str:
    """The page as every first-time reader of this language gets it, with this request's own
    nonce, CSRF token, captcha and count."""
    def render() -> Shell:
        form = make_form(campaign)
        form.csrf_token.current_token = mark("csrf")
        return Shell.of(render_campaign_page(campaign, form, holes=True))
    key = ("campaign_page", campaign_key(campaign), type(channel_of(campaign)), request.host_url,
           request.script_root, request.path, dt.date.today())
    form_action = url_for("signing.sign", slug=campaign.slug)
    return fragment(key, render).fill(nonce=csp_nonce(), csrf=generate_csrf(),
                                      captcha=_captcha_box(current_provider(), form_action, None),
                                      progress=_progress(campaign))
