"""The API as a core plugin: it hears the platform's events through the plugin contract and
queues each campaign's webhooks for them (``signature.confirmed``, ``signature.withdrawn``,
``signature.erased``, ``letter.delivered``). The confirmed one carries the signer as an OSDI
person; the others carry no personal data."""
from __future__ import annotations

from typing import Any

from undersigned.api import webhooks
from undersigned.api.resources import person, state, timestamp
from undersigned.contract import Campaign, SignatureRecord, hookimpl
from undersigned.extensions import db


def _data(campaign: Campaign, signature: Any, with_person: bool = False) -> dict[str, Any]:
    data = {"petition": campaign.slug, "signature": f"undersigned:{signature.public_id}",
            "status": state(signature), "modified_date": timestamp(signature.modified_at)}
    if with_person:
        data["person"] = person(campaign, signature)
    return data


def _queue(campaign: Campaign, event: str, data: dict[str, Any]) -> None:
    if webhooks.enqueue(campaign.slug, event, data):
        db.session.commit()


@hookimpl
def undersigned_signature_confirmed(signature: SignatureRecord, campaign: Campaign) -> None:
    _queue(campaign, "signature.confirmed", _data(campaign, signature, with_person=True))


@hookimpl
def undersigned_signature_removed(signature: SignatureRecord, campaign: Campaign, reason: str) -> None:
    if reason == "withdrawn":
        _queue(campaign, "signature.withdrawn", _data(campaign, signature))
    if signature.erased_at is not None:
        _queue(campaign, "signature.erased", _data(campaign, signature))


@hookimpl
def undersigned_signature_delivered(signature: SignatureRecord, campaign: Campaign) -> None:
    _queue(campaign, "letter.delivered", _data(campaign, signature))
