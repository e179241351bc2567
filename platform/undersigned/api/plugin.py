"""The API as a core plugin: it hears the platform's changes through the plugin contract, inside
the transaction that makes each (``undersigned_event_before_commit``), and queues the campaign's
webhooks for them there, so a webhook is queued if, and only if, its change commits
(``signature.confirmed``, ``signature.withdrawn``, ``signature.erased``, ``letter.delivered``).
The confirmed one carries the signer as an OSDI person; the others carry no personal data."""
from __future__ import annotations

from typing import Any

from undersigned.api import webhooks
from undersigned.api.resources import person, state, timestamp
from undersigned.contract import Campaign, SignatureRecord, hookimpl
from undersigned.contract.events import SIGNATURE_CONFIRMED


def _data(campaign: Campaign, signature: Any, with_person: bool = False) -> dict[str, Any]:
    data = {"petition": campaign.slug, "signature": f"undersigned:{signature.public_id}",
            "status": state(signature), "modified_date": timestamp(signature.modified_at)}
    if with_person:
        data["person"] = person(campaign, signature)
    return data


@hookimpl
def undersigned_event_before_commit(event: str, record: SignatureRecord, campaign: Campaign) -> None:
    if event in webhooks.EVENTS:
        webhooks.enqueue(campaign.slug, event, _data(campaign, record, with_person=event == SIGNATURE_CONFIRMED))
