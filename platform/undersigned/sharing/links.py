"""The share links: each service's public share address with the campaign's link and a
message, as plain ``<a href>`` that work without JavaScript."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from flask import request
from flask_babel import gettext as _

from undersigned.contract import Campaign
from undersigned.i18n.locale import current_language
from undersigned.i18n.texts import campaign_text
from undersigned.security.hosts import public_url
from undersigned.sharing.referrals import valid_code


@dataclass(frozen=True)
class ShareLink:
    """One service: its key (``telegram``), its name as the link shows it, its share address."""

    service: str
    name: str
    href: str


def campaign_address(campaign: Campaign, ref: str | None = None) -> str:
    """The campaign's page on ``PUBLIC_URL`` in the reader's language, with ``?ref=`` if given."""
    return public_url("signing.campaign_page", slug=campaign.slug, ref=valid_code(ref),
                      _language=current_language())


def inbound_referral() -> str | None:
    """The code the visitor arrived with (``?ref=``), to pass on when they share the page."""
    return valid_code(request.args.get("ref"))


def share_message(campaign: Campaign) -> str:
    return _("Sign the letter: %(title)s", title=campaign_text(campaign, campaign.title))


def share_links(campaign: Campaign, url: str) -> list[ShareLink]:
    """E-mail, Facebook, X, Telegram, VK and WhatsApp, each sharing ``url`` with the message."""
    text = share_message(campaign)

    def on(service: str, name: str, address: str, **query: str) -> ShareLink:
        return ShareLink(service, name, f"{address}?{urlencode(query, quote_via=quote)}")

    return [
        ShareLink("email", _("E-mail"),
                  "mailto:?" + urlencode({"subject": text, "body": f"{text}\n{url}"}, quote_via=quote)),
        on("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php", u=url),
        on("x", "X", "https://x.com/intent/post", text=text, url=url),
        on("telegram", "Telegram", "https://t.me/share/url", url=url, text=text),
        on("vk", "VK", "https://vk.com/share.php", url=url, title=text),
        on("whatsapp", "WhatsApp", "https://wa.me/", text=f"{text} {url}"),
    ]
