"""Every public page of the app, for the sweeps (valid HTML, WCAG 2.2 AA, 320 px): each public GET
rule of the URL map with realistic arguments (each campaign; the tokens of signatures made
through the real signing flow), in each language, plus the page a missing address shows.

A public GET rule that is neither enumerated here nor excluded with a reason is reported by
:func:`unaccounted_rules`, so a new page is swept as soon as it exists (or excluded on purpose).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from flask import Flask, url_for
from sqlalchemy import select
from werkzeug.routing import Rule

from tests.support.browser import LiveServer
from tests.support.helpdesk import IVAN
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, form_inputs, link_in, post_form, sign
from undersigned.contract import Campaign, channel_of
from undersigned.contract.state import registry_of
from undersigned.delivery.lookup import channel_blueprints
from undersigned.extensions import db
from undersigned.helpdesk.service import ACKNOWLEDGEMENT
from undersigned.mail.models import OutboxMessage
from undersigned.security.tokens import CONFIRM, make_token, read_token
from undersigned.unsubscribe.service import unsubscribe_url

#: GET rules that are not public pages, and why.
EXCLUDED: dict[str, str] = {
    "static": "style sheets, scripts and pictures, not pages",
    "image_captcha.picture": "the captcha's picture (PNG)",
    "image_captcha.audio": "the captcha's recording (WAV)",
    "image_captcha.new_picture": "a new captcha challenge's picture (PNG)",
    "image_captcha.spoken_challenge": "the captcha challenge's recording (WAV)",
    "sharing.qr": "a QR code (SVG or PNG)",
    "sharing.share_png": "the Open Graph picture (PNG)",
    "joint.version_pdf": "a delivered version of a joint letter, as the public may read it (PDF)",
    "i18n.switch": "only redirects to the page in the chosen language",
    "mailbox.index": "debug only: the development mailbox",
    "mailbox.show": "debug only: the development mailbox",
    "self_submit.stand_in_form": "debug only: stands in for a contact form not configured "
                                 "(tests/functional/test_self_submit_channel.py checks it)",
    "health.healthz": "JSON for load balancers and monitoring, not a page",
    "joint.letter_pdf": "the joint letter as a PDF",
    "api.campaign_counts": "JSON for partners' pages (tests/unit/api/test_counts.py)",
    "api.entry": "the OSDI API's HAL+JSON, not a page (tests/unit/api)",
    "api.openapi": "the API's OpenAPI document (JSON)",
    "api.petitions": "the OSDI API's HAL+JSON, behind a token (tests/unit/api)",
    "api.petition": "the OSDI API's HAL+JSON, behind a token (tests/unit/api)",
    "api.signatures": "the OSDI API's HAL+JSON, behind a token (tests/unit/api)",
    "api.signature": "the OSDI API's HAL+JSON, behind a token (tests/unit/api)",
}
#: Organizers' pages, behind a login: not public.
CONSOLE_PREFIX = "/console"
#: Which signature's token a page with a ``token`` argument opens.
TOKEN_OF: dict[str, str] = {
    "signing.confirm": "confirm",  # the pending signature's confirmation link
    "signing.thanks": "signer",  # the confirmed signature's own link
    "privacy.withdraw": "signer",
    "unsubscribe.page": "unsubscribe",
    "helpdesk.request_page": "help",  # the link the help form's acknowledgement e-mails
}
#: What a supporter types into each seed campaign's form.
SIGNERS: dict[str, dict[str, str]] = {
    "belarus_state_dept": STATE_DEPT_SIGNER,
    "belarus_senate": SENATE_SIGNER,
}
NOT_FOUND_PATH = "/c/no-such-campaign"
#: Pages a confirmation link that no longer works shows (``signing/stale_links.py``), by status.
STALE_LINKS = {"expired confirmation link": 410, "broken confirmation link": 404}


@dataclass(frozen=True)
class Page:
    """One public page in one language."""

    endpoint: str
    path: str  # without the language prefix
    language: str
    prefix: str  # ``/ru``, or empty for the source language
    campaign: str = ""
    status: int = 200

    @property
    def url_path(self) -> str:
        return self.prefix + self.path

    @property
    def name(self) -> str:
        """A short readable name (token-free), e.g. ``ru signing.thanks belarus_senate``."""
        return " ".join(part for part in (self.language, self.endpoint, self.campaign) if part)


def public_get_rules(app: Flask) -> list[Rule]:
    """The URL map's GET rules outside the console."""
    return [rule for rule in app.url_map.iter_rules()
            if "GET" in (rule.methods or ()) and not rule.rule.startswith(CONSOLE_PREFIX)]


def _enumerable(rule: Rule) -> bool:
    arguments = set(rule.arguments)
    if not arguments <= {"slug", "token"}:
        return False
    return "token" not in arguments or rule.endpoint in TOKEN_OF


def unaccounted_rules(app: Flask) -> list[str]:
    """Public GET rules neither enumerated nor excluded with a reason."""
    return [f"{rule.rule} ({rule.endpoint})" for rule in public_get_rules(app)
            if rule.endpoint not in EXCLUDED and not _enumerable(rule)]


def _serves(app: Flask, rule: Rule, campaign: Campaign) -> bool:
    """Whether ``rule`` is a page of ``campaign``: a channel's pages serve only its campaigns."""
    blueprint = app.blueprints.get(rule.endpoint.rpartition(".")[0])
    if blueprint is None or blueprint not in channel_blueprints(app):
        return True
    return channel_of(campaign, app).blueprint is blueprint


def signatures(live: LiveServer, campaign: Campaign) -> dict[str, str]:
    """Sign ``campaign`` twice through the real flow (form, captcha, e-mailed link): one signature
    left pending, one confirmed. Their tokens: ``confirm`` (the pending one's confirmation
    link), ``signer`` (the confirmed one's own pages) and ``unsubscribe``; and ``help``, of a
    request sent from its help form."""
    app, slug = live.app, campaign.slug
    fields = SIGNERS.get(slug)
    assert fields, f"tests/support/pages.py: add what a supporter types to sign {slug} to SIGNERS"
    client = app.test_client()
    tokens: dict[str, str] = {}
    for state in ("pending", "confirmed"):
        address = f"{state}.{slug}@example.org"
        answer = sign(client, app, slug, **dict(fields, email=address))
        assert answer.status_code == 302, f"signing {slug} failed: {answer.status_code}"
        confirm_path = urlsplit(live.confirmation_link(address)).path
        if state == "pending":
            tokens["confirm"] = confirm_path.rsplit("/", 1)[1]
            continue
        csrf = form_inputs(client.get(confirm_path).get_data(as_text=True))["csrf_token"]
        confirmed = client.post(confirm_path, data={"csrf_token": csrf})
        assert confirmed.status_code == 302, f"confirming {slug} failed: {confirmed.status_code}"
        tokens["signer"] = urlsplit(confirmed.location).path.rsplit("/", 1)[1]
        with app.test_request_context():
            tokens["unsubscribe"] = urlsplit(unsubscribe_url(address, slug, "en")).path.rsplit("/", 1)[1]
    asked = post_form(client, app, f"/c/{slug}/help", None, dict(IVAN, email=f"help.{slug}@example.org"))
    assert asked.status_code == 302, f"asking for help on {slug} failed: {asked.status_code}"
    with app.app_context():
        acknowledgement = db.session.scalars(select(OutboxMessage.body_text).filter_by(
            campaign=slug, kind=ACKNOWLEDGEMENT)).one()
    tokens["help"] = urlsplit(link_in(acknowledgement)).path.rsplit("/", 1)[1]
    return tokens


def public_pages(live: LiveServer) -> list[Page]:
    """Every public page in every language, with signatures made for the pages that need one
    (call once per app: it signs each campaign)."""
    app = live.app
    with app.app_context():
        campaigns = list(registry_of(app))
    # outside any app context: each request of the signing flow gets its own (and its own ``g``)
    tokens = {campaign.slug: signatures(live, campaign) for campaign in campaigns}
    first = campaigns[0].slug
    stale = {"expired confirmation link": f"/c/{first}/confirm/{expired_confirmation(app, tokens[first]['confirm'])}",
             "broken confirmation link": f"/c/{first}/confirm/not-a-token"}
    paths: list[tuple[str, str, str]] = []
    with app.test_request_context():
        for rule in public_get_rules(app):
            if rule.endpoint in EXCLUDED or not _enumerable(rule):
                continue
            if not rule.arguments:
                paths.append((rule.endpoint, url_for(rule.endpoint), ""))
                continue
            for campaign in campaigns:
                if not _serves(app, rule, campaign):
                    continue
                values = {"slug": campaign.slug} if "slug" in rule.arguments else {}
                if "token" in rule.arguments:
                    values["token"] = tokens[campaign.slug][TOKEN_OF[rule.endpoint]]
                paths.append((rule.endpoint, url_for(rule.endpoint, **values), campaign.slug))
    default = app.config["BABEL_DEFAULT_LOCALE"]
    pages = []
    for language in app.config["LANGUAGES"]:
        prefix = "" if language == default else f"/{language}"
        pages += [Page(endpoint, path, language, prefix, slug) for endpoint, path, slug in sorted(paths)]
        pages.append(Page("not found", NOT_FOUND_PATH, language, prefix, status=404))
        pages += [Page(name, path, language, prefix, first, STALE_LINKS[name]) for name, path in stale.items()]
    return pages


def expired_confirmation(app: Flask, token: str) -> str:
    """The confirmation link ``token`` as if e-mailed a day longer ago than links last."""
    with app.test_request_context():
        public_id = read_token(CONFIRM, token)
        signed_at = time.time() - (app.config["CONFIRM_MAX_AGE_DAYS"] + 1) * 86400
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("itsdangerous.timed.time.time", lambda: signed_at)
            return make_token(CONFIRM, public_id)
