"""The outbox worker: claims due messages, sends them, retries failures with backoff.

A claim is a lease (``locked_until``, ``OUTBOX_LEASE_SECONDS``) renewed while the batch is
being sent: a worker that dies leaves its messages to be claimed again when the lease runs
out, so nothing is lost; SMTP being down only delays mail. On PostgreSQL many workers claim
side by side (``FOR UPDATE SKIP LOCKED``); a message is sent by the worker holding its lease.
A database that cannot be reached is tried less and less often, with one log line when it stops
answering and one when it is back. A message to a suppressed address is withheld, never sent; a
recipient the server refuses for good is reported to the suppression list (a bounce at send time).
"""
from __future__ import annotations

import datetime as dt
import logging
import random
import threading

from flask import Flask, current_app
from sqlalchemy import select, update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm.exc import ObjectDeletedError

from undersigned import leases
from undersigned.campaigns import counters
from undersigned.contract import Campaign, MailTransport, SignatureRecord, channel_of, notify, utcnow
from undersigned.contract.events import LETTER_DELIVERED
from undersigned.contract.mail import session_of
from undersigned.contract.state import hooks, registry_of
from undersigned.extensions import db
from undersigned.mail.database_watch import DatabaseWatch
from undersigned.mail.failures import Failure, classify
from undersigned.mail.models import FAILED, QUEUED, SENT, WITHHELD, OutboxMessage
from undersigned.mail.rendering import render_queued
from undersigned.plugins.in_transaction import before_commit
from undersigned.suppression import service as suppression
from undersigned.suppression.codes import address_failed, leading_status
from undersigned.suppression.models import BOUNCE, Suppression

log = logging.getLogger(__name__)
MAX_BACKOFF = dt.timedelta(hours=6)
#: Backoff is spread by this much either way, so messages that failed together retry apart.
JITTER = 0.25


def backoff(app: Flask, attempts: int) -> dt.timedelta:
    """``OUTBOX_BACKOFF_SECONDS`` (30 s), doubled at each attempt up to six hours, with jitter."""
    delay = min(app.config["OUTBOX_BACKOFF_SECONDS"] * 2 ** (attempts - 1), MAX_BACKOFF.total_seconds())
    return dt.timedelta(seconds=delay * random.uniform(1 - JITTER, 1 + JITTER))


def lease(app: Flask) -> dt.timedelta:
    return dt.timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"])


def claim(batch_size: int) -> list[OutboxMessage]:
    """Lease up to ``batch_size`` due messages to this worker and return them, oldest first."""
    now = utcnow()
    due = (select(OutboxMessage.id)
           .where(OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= now, leases.free(OutboxMessage, now))
           .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(batch_size)
           .with_for_update(skip_locked=True))
    return leases.claim(OutboxMessage, due, now=now, lease=lease(current_app),
                        order_by=(OutboxMessage.next_attempt_at, OutboxMessage.id))


def deliver_due(app: Flask, batch_size: int | None = None, stop: threading.Event | None = None) -> int:
    """Send one batch of due messages over one transport session; return how many were sent.

    Call inside an app context. When ``stop`` is set the message in hand is finished and the
    leases of the rest are released at once, for another worker to take."""
    transport = hooks(app).undersigned_mail_transport(name=app.config["MAIL_TRANSPORT"], app=app)
    if transport is None:
        raise RuntimeError(f"no mail transport called {app.config['MAIL_TRANSPORT']!r}")
    pending = claim(batch_size or app.config["OUTBOX_BATCH_SIZE"])
    if not pending:
        return 0
    token = pending[0].lock_token
    try:
        return _send_batch(app, transport, pending, stop)
    finally:
        if pending:  # stopped, or an unexpected error: the rest are free for another worker now
            db.session.rollback()
            leases.release(OutboxMessage, token)


def _send_batch(app: Flask, transport: MailTransport, pending: list[OutboxMessage],
                stop: threading.Event | None) -> int:
    """Send ``pending`` in order, removing each message from it once its fate is committed."""
    sent = 0
    suppressed = suppression.suppressed_among(message.to_address for message in pending)
    renew_at = utcnow() + lease(app) / 2
    with session_of(transport) as session:
        while pending and not (stop and stop.is_set()):
            if utcnow() >= renew_at:
                _renew(app, pending)
                renew_at = utcnow() + lease(app) / 2
                if not pending:
                    break
            message, failure = pending[0], None
            if _deleted(message):
                del pending[0]
                continue
            if message.to_address in suppressed:
                _withhold(message, suppressed[message.to_address])
                del pending[0]
                continue
            try:
                if message.template and not render_queued(app, message):
                    _drop(message)
                    del pending[0]
                    continue
                session.send(message)
            except Exception as exc:  # the row keeps the message; classify says what next
                failure = classify(exc)
                for each in (pending if failure.unreachable else [message]):
                    _failed(app, each, failure)
                done = list(pending) if failure.unreachable else [message]
            else:
                message.status, message.sent_at, message.last_error = SENT, utcnow(), None
                message.attempts += 1
                sent += 1
                done = [message]
                campaign = registry_of(app).get(message.campaign or "")
                _count_delivered(app, message, campaign)
            for each in done:
                each.locked_until = each.lock_token = None
            _commit_keeping(done)
            del pending[:len(done)]
            if message.status == SENT:
                notify("undersigned_message_sent", message=message, campaign=campaign)
            elif failure is not None and failure.refused_recipient:
                _report_refusal(message, failure)
    return sent


def _commit_keeping(done: list[OutboxMessage]) -> None:
    """Commit, keeping the ``done`` messages as loaded: their fate is what was just committed,
    and reading them again for the notice that follows would double the batch's queries.
    Everything else is read afresh when next used, so a queued message that a withdrawal deleted
    meanwhile is found gone before it is sent."""
    session = db.session()
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring
    kept = {id(message) for message in done}
    for instance in list(session.identity_map.values()):
        if id(instance) not in kept:
            session.expire(instance)


def _deleted(message: OutboxMessage) -> bool:
    """Whether ``message`` is gone since it was claimed: a withdrawal deletes the signer's queued
    mail even while a worker holds it, and it must not be sent then."""
    try:
        message.to_address  # loads the row again after a commit, and raises if it is gone
    except ObjectDeletedError:
        return True
    return False


def _withhold(message: OutboxMessage, suppressed: Suppression) -> None:
    """Keep a message to a suppressed address unsent, saying so in its log."""
    message.status, message.locked_until, message.lock_token = WITHHELD, None, None
    message.last_error = f"not sent: the address is suppressed ({suppressed.reason})"
    db.session.commit()
    log.info("outbox message %s (%s) withheld: its address is suppressed (%s)", message.id, message.kind,
             suppressed.reason)
    suppression.withheld(message)


def _report_refusal(message: OutboxMessage, failure: Failure) -> None:
    """A recipient refused for good while sending is a bounce: permanent when the server's code
    says the address is bad (``5.1.1``), soft otherwise (:mod:`undersigned.suppression.codes`)."""
    status = leading_status(failure.description.partition(" ")[2])
    suppression.record(message, suppression.Report(kind=BOUNCE, permanent=address_failed(status), source="smtp",
                                                   status=status, diagnostic=failure.description))


def _drop(message: OutboxMessage) -> None:
    """Delete a message that is no longer to be sent (:func:`render_queued` says why)."""
    log.info("outbox message %s (%s) dropped: its campaign, signature or address has changed",
             message.id, message.kind)
    db.session.delete(message)
    db.session.commit()


def _renew(app: Flask, pending: list[OutboxMessage]) -> None:
    """Extend this worker's leases; drop any message whose lease it has lost meanwhile."""
    token, now = pending[0].lock_token, utcnow()
    db.session.execute(update(OutboxMessage)
                       .where(OutboxMessage.lock_token == token, OutboxMessage.locked_until > now)
                       .values(locked_until=now + lease(app)).execution_options(synchronize_session=False))
    db.session.commit()
    kept = set(db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.lock_token == token)))
    pending[:] = [message for message in pending if message.id in kept]


def _count_delivered(app: Flask, message: OutboxMessage, campaign: Campaign | None) -> None:
    """Add the letters ``message`` delivered, as its campaign's channel says (one for a letter,
    each letter carried for a digest), to the campaign's ``delivered`` counter, and tell plugins
    of each, in the transaction that marks it sent (so reading the count never counts rows, and
    what plugins queue for a delivery commits with it)."""
    if campaign is None:
        return
    delivered = channel_of(campaign, app).delivered_signatures(message)
    if delivered:
        counters.add(campaign.slug, counters.DELIVERED, len(delivered))
        for signature in _signatures(delivered):
            before_commit(LETTER_DELIVERED, signature, campaign)


def _signatures(ids: list[int]) -> list[SignatureRecord]:
    """The signatures ``ids``, of the class the outbox's ``signature`` relationship names (the
    outbox sits below signing, so it names that class rather than importing it)."""
    signature = OutboxMessage.signature.property.mapper.class_
    return list(db.session.scalars(select(signature).where(signature.id.in_(ids)).order_by(signature.id)))


def _failed(app: Flask, message: OutboxMessage, failure: Failure) -> None:
    message.attempts += 1
    message.last_error = failure.description
    if failure.permanent or message.attempts >= app.config["OUTBOX_MAX_ATTEMPTS"]:
        message.status = FAILED
        log.error("outbox message %s (%s) is dead after %s attempts: %s",
                  message.id, message.kind, message.attempts, message.last_error)
    else:
        message.next_attempt_at = utcnow() + backoff(app, message.attempts)
        log.warning("outbox message %s (%s) attempt %s failed: %s; retrying",
                    message.id, message.kind, message.attempts, message.last_error)


def run(app: Flask, stop: threading.Event) -> None:
    """Deliver until ``stop`` is set, polling every ``OUTBOX_POLL_SECONDS``; while the database
    cannot be reached, trying less and less often (:class:`DatabaseWatch`)."""
    watch = DatabaseWatch(app.config["OUTBOX_POLL_SECONDS"])
    while not stop.is_set():
        wait = app.config["OUTBOX_POLL_SECONDS"]
        with app.app_context():
            try:
                sent = deliver_due(app, stop=stop)
            except (OperationalError, InterfaceError) as exc:  # connecting, or the connection, failed
                db.session.rollback()
                sent, wait = 0, watch.failed(exc)
            except Exception:
                log.exception("outbox worker pass failed")
                db.session.rollback()
                sent = 0
            else:
                watch.answered()
        if not sent:
            stop.wait(wait)


def start_thread(app: Flask) -> threading.Event:
    """Run the worker in a daemon thread (the dev server's embedded default)."""
    stop = threading.Event()
    threading.Thread(target=run, args=(app, stop), name="outbox-worker", daemon=True).start()
    return stop
