"""OSDI resources as HAL+JSON: the entry point, a petition (a campaign), a signature with its
signer as an OSDI person. A signature not confirmed, or erased, carries no personal data."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, current_app, json, url_for

from undersigned.campaigns import counters
from undersigned.contract import Campaign
from undersigned.i18n.texts import campaign_text, recipient_name
from undersigned.signing.models import CONFIRMED, PENDING, Signature

HAL = "application/hal+json"
ORIGIN = "Undersigned"
CURIES = [{"name": "osdi", "href": "https://opensupporter.github.io/osdi-docs/{rel}.html", "templated": True}]


def hal(body: dict[str, Any], status: int = 200) -> Response:
    """``body`` as an ``application/hal+json`` response, never cached by a shared cache."""
    response = current_app.response_class(json.dumps(body), status=status, mimetype=HAL)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def link(endpoint: str, **values: Any) -> dict[str, str]:
    return {"href": url_for(endpoint, _external=True, **values)}


def timestamp(moment: dt.datetime | None) -> str | None:
    """A stored (naive UTC) time as OSDI writes it: ISO 8601 in UTC with ``Z``."""
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None


def entry_point() -> dict[str, Any]:
    return {"motd": "Undersigned's OSDI API: petitions (letter campaigns) and their signatures.",
            "vendor_name": ORIGIN, "product_name": ORIGIN, "osdi_version": "1.1", "max_pagesize": 100,
            "_links": {"self": link("api.entry"), "osdi:petitions": link("api.petitions"),
                       "docs": link("api.openapi"), "curies": CURIES}}


def petition(campaign: Campaign) -> dict[str, Any]:
    """``campaign`` as an OSDI petition, its texts in the request's language."""
    recipient = campaign.recipient
    return {
        "identifiers": [f"undersigned:{campaign.slug}"], "origin_system": ORIGIN,
        "name": campaign.slug, "title": campaign_text(campaign, campaign.title),
        "description": campaign_text(campaign, campaign.summary),
        "target": [{"name": recipient_name(campaign), "title": campaign_text(campaign, recipient.title),
                    "organization": recipient.organization}],
        "total_signatures": counters.confirmed_count(campaign.slug), "status": campaign.status(),
        "created_date": campaign.opens.isoformat() if campaign.opens else None,
        "end_date": campaign.closes.isoformat() if campaign.closes else None,
        "browser_url": url_for("signing.campaign_page", slug=campaign.slug, _external=True),
        "_links": {"self": link("api.petition", slug=campaign.slug),
                   "osdi:signatures": link("api.signatures", slug=campaign.slug),
                   "osdi:record_signature_helper": link("api.signatures", slug=campaign.slug)},
    }


def state(signature: Signature) -> str:
    """What a partner sees of the signature's state: ``pending``, ``confirmed``, ``withdrawn``,
    ``invalidated``, or ``erased`` once its personal data is gone."""
    return "erased" if signature.erased_at and signature.status in (PENDING, CONFIRMED) else signature.status


def signature_resource(campaign: Campaign, signature: Signature) -> dict[str, Any]:
    """``signature`` as an OSDI signature; the signer as an OSDI person only while it is
    confirmed and not erased (an unconfirmed address may not even be the signer's)."""
    body: dict[str, Any] = {
        "identifiers": [f"undersigned:{signature.public_id}"], "origin_system": ORIGIN,
        "status": state(signature), "created_date": timestamp(signature.created_at),
        "modified_date": timestamp(signature.modified_at or signature.created_at),
        "confirmed_date": timestamp(signature.confirmed_at),
        "withdrawn_date": timestamp(signature.withdrawn_at or signature.invalidated_at),
        "referrer_data": {"referrer": signature.referral} if signature.referral else None,
        "person": person(campaign, signature) if state(signature) == CONFIRMED else None,
        "_links": {"self": link("api.signature", slug=campaign.slug, public_id=signature.public_id),
                   "osdi:petition": link("api.petition", slug=campaign.slug)},
    }
    return body


def person(campaign: Campaign, signature: Signature) -> dict[str, Any]:
    """The signer as an OSDI person: names, e-mail, postal address (country and region), language."""
    fields = signature.fields or {}
    address = {"primary": True}
    for spec in campaign.fields:
        if spec.type == "country" and fields.get(spec.name):
            address["country"] = fields[spec.name]
        elif spec.type == "us_state" and fields.get(spec.name):
            address["region"] = fields[spec.name]
    return {"given_name": fields.get("first_name"), "family_name": fields.get("last_name"),
            "email_addresses": [{"address": signature.email, "primary": True}],
            "postal_addresses": [address] if len(address) > 1 else [],
            "languages_spoken": [signature.locale]}
