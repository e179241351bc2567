"""Translating a campaign's own texts with its gettext domain (falling back to the core's)."""
from __future__ import annotations

from flask_babel import Domain, get_locale

from undersigned.contract import Campaign
from undersigned.contract.state import registry_of


def campaign_domain(campaign: Campaign) -> Domain:
    return registry_of().domains[campaign.slug]


def campaign_text(campaign: Campaign, message: str, **variables) -> str:
    """``message`` (a msgid the campaign declared) in the reader's language."""
    if not message:
        return ""
    return campaign_domain(campaign).gettext(message, **variables)


def activate_campaign_domain(campaign: Campaign) -> None:
    """Make the campaign's catalog the one ``_()`` uses for the rest of this request."""
    campaign_domain(campaign).as_default()


def recipient_name(campaign: Campaign) -> str:
    """The recipient as the reader's language names them: the name from the campaign's catalog
    (``Майк Помпео``), and the honorific only in the letter's own language, since most others
    have none like it (Russian and Belarusian have nothing for "The Honorable")."""
    name = campaign_text(campaign, campaign.recipient.name)
    if campaign.recipient.honorific and str(get_locale()) == campaign.letter_language:
        return f"{campaign.recipient.honorific} {name}"
    return name
