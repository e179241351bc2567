"""The campaign page as the sign view renders it: the letter filled in with what was typed, the
form, the captcha and the progress. For a first-time reader it is the same bytes for everyone
(:mod:`undersigned.security.public_pages`): nothing in it is made per reader."""
from __future__ import annotations

import datetime as dt

from flask import render_template, request, url_for
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


def render_campaign_page(campaign: Campaign, form, *, captcha_error: str | None = None) -> str:
    """The campaign page with ``form`` as typed (a new form: as every first-time reader sees it)."""
    values = {name: form[name].data for name in form._fields}
    captcha = current_provider()
    letter, letter_translation = _letter_preview(campaign, values)
    form_action = url_for("signing.sign", slug=campaign.slug, ref=request.args.get("ref"))
    return render_template(
        "signing/campaign.html", campaign=campaign, form=form,
        captcha_error=captcha_error, letter=letter, letter_translation=letter_translation,
        instructions=fragment(("instructions", campaign_key(campaign)), lambda: Markup(render_template(
            campaign.template("instructions.html"), campaign=campaign))),
        form_fields=_form_fields(campaign, form), form_action=form_action, captcha=captcha,
        channel=channel_of(campaign), draft=is_draft(campaign),
        transliteration=browser_table() if asks_letter_name(campaign) else None,
        share_code=inbound_referral(), share_url=campaign_address(campaign, inbound_referral()),
        captcha_box=_captcha_box(captcha, form_action, captcha_error), progress=_progress(campaign))


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
