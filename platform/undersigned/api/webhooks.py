"""Webhooks: a campaign's endpoints, its events queued for each of them, and delivery passes
that post them signed as Standard Webhooks says (``webhook-id``, ``webhook-timestamp``,
``webhook-signature``, made by the ``standardwebhooks`` library), retried with backoff until the
receiver answers 2xx. An endpoint failing for ``WEBHOOK_DISABLE_AFTER_DAYS`` is switched off and
its organizers are told; its queued events wait, never lost."""
from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import secrets
import urllib.error
import urllib.request
from typing import Any

from flask import current_app
from sqlalchemy import select
from standardwebhooks import Webhook

from undersigned.api.addresses import RefusedAddress, check_url
from undersigned.api.models import WebhookDelivery, WebhookEndpoint
from undersigned.audit.log import record
from undersigned.contract import utcnow
from undersigned.contract.events import LETTER_DELIVERED, SIGNATURE_CONFIRMED, SIGNATURE_ERASED, SIGNATURE_WITHDRAWN
from undersigned.extensions import db
from undersigned.security.encryption import decrypt_seed, encrypt_seed

log = logging.getLogger(__name__)
#: What an endpoint may receive: the changes of ``undersigned_event_before_commit`` it names.
EVENTS = (SIGNATURE_CONFIRMED, SIGNATURE_WITHDRAWN, SIGNATURE_ERASED, LETTER_DELIVERED)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not an order: following one could reach a private address."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def add_endpoint(campaign: str, url: str, events: list[str] | None = None) -> tuple[WebhookEndpoint, str]:
    """A new endpoint for ``campaign``, committed; returns it and its signing secret (``whsec_...``).
    :class:`RefusedAddress` if the URL may not be called."""
    check_url(url)
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    endpoint = WebhookEndpoint(campaign=campaign, url=url, secret_encrypted=encrypt_seed(secret),
                               events=sorted(set(events or EVENTS)))
    db.session.add(endpoint)
    db.session.flush()
    record("api.webhook_added", campaign=campaign, endpoint=endpoint.id)
    db.session.commit()
    return endpoint, secret


def enqueue(campaign: str, event: str, data: dict[str, Any]) -> int:
    """Queue ``event`` with ``data`` for every endpoint of ``campaign`` that takes it, in the
    caller's transaction; how many were queued."""
    endpoints = db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.campaign == campaign))
    queued = 0
    for endpoint in endpoints:
        if event in endpoint.events:
            payload = json.dumps({"type": event, "timestamp": utcnow().isoformat() + "Z", "data": data})
            db.session.add(WebhookDelivery(endpoint_id=endpoint.id, event=event, payload=payload,
                                           message_id="msg_" + secrets.token_urlsafe(24)))
            queued += 1
    return queued


def deliver_due(limit: int = 50) -> int:
    """Post the deliveries that are due (of endpoints not switched off); how many arrived."""
    now = utcnow()
    due = db.session.scalars(
        select(WebhookDelivery).join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.delivered_at.is_(None), WebhookDelivery.next_attempt_at <= now,
               WebhookEndpoint.disabled_at.is_(None))
        .order_by(WebhookDelivery.id).limit(limit)).all()
    arrived = 0
    for delivery in due:
        endpoint = db.session.get(WebhookEndpoint, delivery.endpoint_id)
        arrived += _attempt(endpoint, delivery)
        db.session.commit()
    return arrived


def send_again(delivery: WebhookDelivery) -> None:
    """Queue ``delivery`` for the next pass (its endpoint switched on again)."""
    endpoint = db.session.get(WebhookEndpoint, delivery.endpoint_id)
    endpoint.disabled_at = None
    delivery.delivered_at = None
    delivery.next_attempt_at = utcnow()
    db.session.commit()


def _attempt(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> bool:
    now = utcnow()
    delivery.attempts += 1
    status, error = _post(endpoint, delivery, now)
    delivery.last_status, delivery.last_error = status, error
    if status is not None and 200 <= status < 300:
        delivery.delivered_at = now
        endpoint.failing_since = None
        return True
    backoff = current_app.config["WEBHOOK_BACKOFF_SECONDS"] * 2 ** min(delivery.attempts - 1, 10)
    delivery.next_attempt_at = now + dt.timedelta(seconds=min(backoff, 6 * 3600))
    endpoint.failing_since = endpoint.failing_since or now
    if now - endpoint.failing_since > dt.timedelta(days=current_app.config["WEBHOOK_DISABLE_AFTER_DAYS"]):
        endpoint.disabled_at = now
        record("api.webhook_disabled", campaign=endpoint.campaign, endpoint=endpoint.id)
        log.warning("webhook endpoint %s of %s switched off after failing for days", endpoint.id, endpoint.campaign)
    return False


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery, now: dt.datetime) -> tuple[int | None, str | None]:
    """Post one delivery; the HTTP status, or ``None`` and why nothing answered."""
    try:
        check_url(endpoint.url)
    except RefusedAddress as refused:
        return None, str(refused)
    secret = decrypt_seed(endpoint.secret_encrypted)
    moment = now.replace(tzinfo=dt.timezone.utc)
    signature = Webhook(secret).sign(delivery.message_id, moment, delivery.payload)
    request = urllib.request.Request(endpoint.url, data=delivery.payload.encode(), method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "Undersigned-Webhooks",
        "webhook-id": delivery.message_id, "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signature})
    try:
        with _opener.open(request, timeout=current_app.config["WEBHOOK_TIMEOUT_SECONDS"]) as answer:
            return answer.status, None
    except urllib.error.HTTPError as answer:
        return answer.code, None
    except (urllib.error.URLError, OSError, ValueError) as failure:
        return None, type(failure).__name__
