"""The local stand-in for an official contact form, so a newcomer running ``make run`` can walk
the whole ``self_submit`` journey: only in debug mode, and only for a campaign with no contact
form configured. In production the address comes from configuration alone, never from here."""
from __future__ import annotations

from flask import current_app

from undersigned.contract import Campaign
from undersigned.security.hosts import public_url

#: The stand-in's endpoint (``/c/<slug>/stand-in-form``).
ENDPOINT = "self_submit.stand_in_form"


def serves_stand_in(campaign: Campaign) -> bool:
    """Whether ``campaign``'s supporters are sent to the stand-in: debugging, and no official
    contact form configured."""
    return current_app.debug and not campaign.recipient.contact_form_url


def stand_in_url(campaign: Campaign) -> str | None:
    """The stand-in's address where :func:`serves_stand_in`, else ``None``."""
    return public_url(ENDPOINT, slug=campaign.slug) if serves_stand_in(campaign) else None
