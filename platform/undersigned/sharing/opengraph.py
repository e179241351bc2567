"""Open Graph and Twitter card properties of a campaign page, in the reader's language."""
from __future__ import annotations

from flask import current_app

from undersigned.contract import Campaign
from undersigned.i18n.locale import current_language
from undersigned.i18n.texts import campaign_text
from undersigned.security.hosts import public_url
from undersigned.sharing.links import campaign_address

#: Open Graph names locales as language_TERRITORY.
OG_LOCALES = {"en": "en_US", "ru": "ru_RU", "be": "be_BY"}
#: Search engines and cards show about this many characters of a description.
DESCRIPTION_LENGTH = 200


def description(text: str) -> str:
    """``text`` cut at a word to :data:`DESCRIPTION_LENGTH` characters."""
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[:DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def open_graph(campaign: Campaign) -> list[tuple[str, str]]:
    """``(property, content)`` pairs for ``<meta>`` tags: ``og:*`` and ``twitter:*``."""
    language = current_language()
    title = campaign_text(campaign, campaign.title)
    summary = description(campaign_text(campaign, campaign.summary))
    image = public_url("sharing.share_png", slug=campaign.slug, _language=language)
    others = [code for code in current_app.config["LANGUAGES"] if code != language and code in campaign.languages]
    return [
        ("og:type", "website"),
        ("og:title", title),
        ("og:description", summary),
        ("og:url", campaign_address(campaign)),
        ("og:image", image),
        ("og:image:width", "1200"),
        ("og:image:height", "630"),
        ("og:image:alt", title),
        ("og:locale", OG_LOCALES.get(language, language)),
        *[("og:locale:alternate", OG_LOCALES.get(code, code)) for code in others],
        ("twitter:card", "summary_large_image"),
        ("twitter:title", title),
        ("twitter:description", summary),
        ("twitter:image", image),
        ("twitter:image:alt", title),
    ]
