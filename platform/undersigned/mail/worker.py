"""The outbox worker: claims due messages, sends them, retries failures with backoff.

A claim is a lease (``locked_until``): a worker that dies leaves its messages to be claimed
again when the lease runs out, so nothing is lost; SMTP being down only delays mail.
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading

from flask import Flask
from sqlalchemy import or_, select, update

from undersigned.app_state import hooks, registry_of
from undersigned.delivery.lookup import channel_of
from undersigned.extensions import db
from undersigned.mail.models import FAILED, QUEUED, SENT, OutboxMessage
from undersigned.plugins.events import notify
from undersigned.signing.models import Signature, utcnow

log = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=5)
MAX_BACKOFF = dt.timedelta(hours=6)


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, ... capped at six hours."""
    return min(dt.timedelta(seconds=30 * 2 ** (attempts - 1)), MAX_BACKOFF)


def claim(batch_size: int) -> list[OutboxMessage]:
    """Lease up to ``batch_size`` due messages to this worker and return them."""
    now = utcnow()
    free = or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now)
    due = (select(OutboxMessage.id)
           .where(OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= now, free)
           .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(batch_size)
           .with_for_update(skip_locked=True))
    token = secrets.token_hex(16)
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_(due), free)
        .values(locked_until=now + LEASE, lock_token=token)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.lock_token == token)
                                   .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)))


def deliver_due(app: Flask, batch_size: int | None = None) -> int:
    """Send one batch of due messages; return how many were sent. Call inside an app context."""
    transport = hooks(app).undersigned_mail_transport(name=app.config["MAIL_TRANSPORT"], app=app)
    if transport is None:
        raise RuntimeError(f"no mail transport called {app.config['MAIL_TRANSPORT']!r}")
    sent = 0
    for message in claim(batch_size or app.config["OUTBOX_BATCH_SIZE"]):
        try:
            transport.send(message)
        except Exception as exc:  # any failure is retried later; the row keeps the message
            _failed(app, message, exc)
        else:
            message.status, message.sent_at, message.last_error = SENT, utcnow(), None
            sent += 1
        message.attempts += 1
        message.locked_until = message.lock_token = None
        db.session.commit()
        if message.status == SENT:
            _delivered(app, message)
    return sent


def _delivered(app: Flask, message: OutboxMessage) -> None:
    """Tell plugins a signature was delivered, if its campaign's channel says ``message`` did."""
    campaign = registry_of(app).get(message.campaign or "")
    if campaign is None or message.signature_id is None or not channel_of(campaign, app).delivered(message):
        return
    signature = db.session.get(Signature, message.signature_id)
    if signature is not None:
        notify("undersigned_signature_delivered", signature=signature, campaign=campaign)


def _failed(app: Flask, message: OutboxMessage, exc: Exception) -> None:
    attempts = message.attempts + 1
    # the class and SMTP code only: an exception's text may quote an address
    message.last_error = f"{type(exc).__name__} {getattr(exc, 'smtp_code', '')}".strip()[:200]
    if attempts >= app.config["OUTBOX_MAX_ATTEMPTS"]:
        message.status = FAILED
        log.error("outbox message %s (%s) failed for good after %s attempts: %s",
                  message.id, message.kind, attempts, message.last_error)
    else:
        message.next_attempt_at = utcnow() + backoff(attempts)
        log.warning("outbox message %s (%s) attempt %s failed: %s; retrying",
                    message.id, message.kind, attempts, message.last_error)


def run(app: Flask, stop: threading.Event) -> None:
    """Deliver until ``stop`` is set, polling every ``OUTBOX_POLL_SECONDS``."""
    while not stop.is_set():
        with app.app_context():
            try:
                sent = deliver_due(app)
            except Exception:
                log.exception("outbox worker pass failed")
                db.session.rollback()
                sent = 0
        if not sent:
            stop.wait(app.config["OUTBOX_POLL_SECONDS"])


def start_thread(app: Flask) -> threading.Event:
    """Run the worker in a daemon thread (the dev server's embedded default)."""
    stop = threading.Event()
    threading.Thread(target=run, args=(app, stop), name="outbox-worker", daemon=True).start()
    return stop
