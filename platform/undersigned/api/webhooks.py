"""Webhooks: a campaign's endpoints, its events queued for each of them, and delivery passes
that post them signed as Standard Webhooks says (``webhook-id``, ``webhook-timestamp``,
``webhook-signature``, made by the ``standardwebhooks`` library), retried with backoff until the
receiver answers 2xx. Each delivery is sent by the one worker holding its lease
(``WEBHOOK_LEASE_SECONDS``, claimed as the outbox's are): many workers run side by side, and a
worker that dies leaves its deliveries to another once their lease runs out. An endpoint failing
for ``WEBHOOK_DISABLE_AFTER_DAYS`` is switched off and its organizers are told; its queued events
wait, never lost."""
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
from sqlalchemy import delete, func, select, update
from standardwebhooks import Webhook

from undersigned import leases
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


def endpoints(campaign: str) -> list[WebhookEndpoint]:
    """``campaign``'s endpoints, oldest first."""
    return list(db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.campaign == campaign)
                                   .order_by(WebhookEndpoint.id)))


def change_endpoint(endpoint: WebhookEndpoint, url: str, events: list[str]) -> bool:
    """Post ``endpoint``'s events to ``url`` from now on (its queued deliveries too), only the
    events ``events``; committed and audited. ``False`` if nothing changed; :class:`RefusedAddress`
    if the URL may not be called (nothing changed then)."""
    events = sorted(set(events))
    if url == endpoint.url and events == endpoint.events:
        return False
    if url != endpoint.url:
        check_url(url)
    record("api.webhook_changed", campaign=endpoint.campaign, endpoint=endpoint.id, events=events,
           url_changed=url != endpoint.url)
    endpoint.url, endpoint.events = url, events
    db.session.commit()
    return True


def remove_endpoint(endpoint: WebhookEndpoint) -> int:
    """Delete ``endpoint`` and its deliveries, those not sent yet included; committed and
    audited. How many deliveries not sent yet were dropped."""
    unsent = queued_count(endpoint)
    db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    record("api.webhook_removed", campaign=endpoint.campaign, endpoint=endpoint.id, count=unsent)
    db.session.delete(endpoint)
    db.session.commit()
    return unsent


def queued_count(endpoint: WebhookEndpoint) -> int:
    """How many of ``endpoint``'s deliveries have not arrived yet."""
    return db.session.scalar(select(func.count()).select_from(WebhookDelivery).where(
        WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.delivered_at.is_(None))) or 0


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


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=current_app.config["WEBHOOK_LEASE_SECONDS"])


def claim(limit: int) -> list[WebhookDelivery]:
    """Lease up to ``limit`` due deliveries (of endpoints not switched off) to this worker and
    return them, oldest first (:mod:`undersigned.leases`)."""
    now = utcnow()
    due = (select(WebhookDelivery.id).join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
           .where(WebhookDelivery.delivered_at.is_(None), WebhookDelivery.next_attempt_at <= now,
                  WebhookEndpoint.disabled_at.is_(None), leases.free(WebhookDelivery, now))
           .order_by(WebhookDelivery.id).limit(limit).with_for_update(skip_locked=True, of=WebhookDelivery))
    return leases.claim(WebhookDelivery, due, now=now, lease=lease(), order_by=(WebhookDelivery.id,))


def deliver_due(limit: int = 50) -> int:
    """Post the deliveries that are due, each by the one worker holding its lease; how many arrived."""
    claimed = claim(limit)
    if not claimed:
        return 0
    token = claimed[0].lock_token
    arrived = 0
    try:
        for delivery in claimed:
            endpoint = db.session.get(WebhookEndpoint, delivery.endpoint_id)
            if endpoint is None or endpoint.disabled_at is not None or not _hold(delivery, token):
                continue  # removed or switched off meanwhile, or its lease ran out and another took it
            arrived += _attempt(endpoint, delivery, token)
    finally:  # the rest, if this pass stopped early, are free for another worker at once
        db.session.rollback()
        leases.release(WebhookDelivery, token)
    return arrived


def send_again(delivery: WebhookDelivery) -> None:
    """Queue ``delivery`` for the next pass (its endpoint switched on again)."""
    endpoint = db.session.get(WebhookEndpoint, delivery.endpoint_id)
    endpoint.disabled_at = None
    delivery.delivered_at = None
    delivery.next_attempt_at = utcnow()
    db.session.commit()


def _hold(delivery: WebhookDelivery, token: str) -> bool:
    """Renew this worker's lease on ``delivery`` for one attempt; ``False`` if it was lost."""
    now = utcnow()
    held = db.session.execute(
        update(WebhookDelivery).where(WebhookDelivery.id == delivery.id, WebhookDelivery.lock_token == token,
                                      WebhookDelivery.locked_until > now)
        .values(locked_until=now + lease()).execution_options(synchronize_session=False))
    db.session.commit()
    return held.rowcount == 1


def _attempt(endpoint: WebhookEndpoint, delivery: WebhookDelivery, token: str) -> bool:
    """Post ``delivery`` and note its answer, giving up its lease; whether it arrived."""
    now = utcnow()
    status, error = _post(endpoint, delivery, now)
    arrived = status is not None and 200 <= status < 300
    outcome: dict[str, Any] = {"attempts": WebhookDelivery.attempts + 1, "last_status": status,
                               "last_error": error, "locked_until": None, "lock_token": None}
    if arrived:
        outcome["delivered_at"] = now
        if endpoint.failing_since is not None:
            _note(endpoint, failing_since=None)
    else:
        backoff = current_app.config["WEBHOOK_BACKOFF_SECONDS"] * 2 ** min(delivery.attempts, 10)
        outcome["next_attempt_at"] = now + dt.timedelta(seconds=min(backoff, 6 * 3600))
        _failed(endpoint, now)
    db.session.execute(update(WebhookDelivery)
                       .where(WebhookDelivery.id == delivery.id, WebhookDelivery.lock_token == token)
                       .values(**outcome).execution_options(synchronize_session=False))
    db.session.commit()
    return arrived


def _failed(endpoint: WebhookEndpoint, now: dt.datetime) -> None:
    """Note a failed delivery to ``endpoint``: switched off once it has failed for days."""
    since = endpoint.failing_since or now
    if now - since <= dt.timedelta(days=current_app.config["WEBHOOK_DISABLE_AFTER_DAYS"]):
        _note(endpoint, failing_since=since)
        return
    _note(endpoint, failing_since=since, disabled_at=now)
    record("api.webhook_disabled", campaign=endpoint.campaign, endpoint=endpoint.id)
    log.warning("webhook endpoint %s of %s switched off after failing for days", endpoint.id, endpoint.campaign)


def _note(endpoint: WebhookEndpoint, **values: Any) -> None:
    """Set ``values`` on ``endpoint``'s row, if an organizer has not removed it meanwhile."""
    db.session.execute(update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint.id).values(**values)
                       .execution_options(synchronize_session=False))


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
