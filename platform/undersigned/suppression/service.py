"""The one service every bounce and complaint goes through, however it came in (refused while
sending, the bounce Maildir, a mail service's notification), and the list it keeps.

A permanent bounce or a complaint suppresses the message's address for every campaign; soft
bounces suppress it once there are ``BOUNCE_SOFT_LIMIT`` of them. The address is kept only as a
keyed hash of its canonical form. Each report is recorded once per message, kind and permanence,
so a report read twice counts once. :data:`bounced` tells the floors above (the signing flow marks
the signature undeliverable) after each report is committed, and when the outbox withholds a
message from a suppressed address.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Iterable

from blinker import Namespace
from flask import current_app
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from undersigned.audit.log import record as audit
from undersigned.contract import OutboxRecord, utcnow
from undersigned.extensions import db
from undersigned.security.identity import canonical_hash, canonical_hashes, mask_email
from undersigned.suppression.models import BOUNCE, COMPLAINT, SOFT, Bounce, Suppression

log = logging.getLogger(__name__)
#: The most of a raw report kept (a larger one is cut: its first part says what it is).
MAX_RAW = 256 * 1024
#: The kind :data:`bounced` names for a message the outbox did not send to a suppressed address.
WITHHELD = "withheld"
#: Sent with ``message``, ``kind`` (``bounce``, ``complaint`` or ``withheld``) and ``suppressed``
#: (whether the address is suppressed now), after the change is committed.
bounced = Namespace().signal("undersigned.bounced")


@dataclass(frozen=True)
class Report:
    """What came back about one message."""

    kind: str  # BOUNCE or COMPLAINT
    permanent: bool
    #: How it came in: ``smtp``, ``maildir``, ``http:<service>``.
    source: str
    #: The RFC 3463 status (``5.1.1``) or the complaint's feedback type (``abuse``).
    status: str | None = None
    #: The reporting server's words, already without addresses.
    diagnostic: str | None = None
    raw: bytes | None = None


def record(message: OutboxRecord, report: Report) -> Bounce | None:
    """Record ``report`` about ``message``, suppress its address if the report says so, commit,
    and tell :data:`bounced`. ``None`` when nothing was recorded: the message was reported
    before, or its address is gone (purged)."""
    if not message.to_address:
        log.info("%s about outbox message %s ignored: its address was purged", report.kind, message.id)
        return None
    for _attempt in range(2):  # a second try when another process added the address meanwhile
        try:
            entry = _record(message, report)
            db.session.commit()
            break
        except IntegrityError:
            db.session.rollback()
    else:
        return None
    if entry is None:
        return None
    suppression = is_suppressed(message.to_address)
    log.info("%s (%s%s) about outbox message %s recorded from %s%s", report.kind,
             "permanent" if report.permanent else "soft", f", {report.status}" if report.status else "",
             message.id, report.source, "; the address is suppressed" if suppression else "")
    bounced.send(current_app._get_current_object(), message=message, kind=report.kind,
                 suppressed=suppression is not None)
    return entry


def _record(message: OutboxRecord, report: Report) -> Bounce | None:
    seen = db.session.scalar(select(Bounce.id).where(
        Bounce.outbox_id == message.id, Bounce.kind == report.kind, Bounce.permanent == report.permanent))
    if seen is not None:
        return None
    entry = Bounce(outbox_id=message.id, campaign=message.campaign, address_hash=canonical_hash(message.to_address),
                   kind=report.kind, permanent=report.permanent, status=(report.status or "")[:32] or None,
                   diagnostic=(report.diagnostic or "")[:200] or None, source=report.source[:32],
                   raw=report.raw[:MAX_RAW] if report.raw is not None else None)
    db.session.add(entry)
    suppression = _entry_for(message.to_address)
    suppression.campaign = message.campaign
    if report.kind == COMPLAINT:
        _suppress(suppression, COMPLAINT)
    elif report.permanent:
        _suppress(suppression, BOUNCE)
    else:
        suppression.soft_bounces += 1
        if suppression.soft_bounces >= current_app.config["BOUNCE_SOFT_LIMIT"]:
            _suppress(suppression, SOFT)
    db.session.flush()
    return entry


def _entry_for(address: str) -> Suppression:
    """The address's row, made (not suppressed, no soft bounces) if it has none."""
    existing = db.session.scalar(select(Suppression).where(Suppression.address_hash.in_(canonical_hashes(address))))
    if existing is not None:
        return existing
    entry = Suppression(address_hash=canonical_hash(address), masked=mask_email(address), soft_bounces=0)
    db.session.add(entry)
    return entry


def _suppress(suppression: Suppression, reason: str) -> None:
    if suppression.suppressed_at is not None:
        return
    suppression.reason, suppression.suppressed_at = reason, utcnow()
    db.session.flush()
    audit("mail.suppressed", campaign=suppression.campaign, suppression=suppression.id, reason=reason)


def is_suppressed(address: str | None) -> Suppression | None:
    """The suppression of ``address`` (under the current hash key or a retired one), if it is
    suppressed."""
    if not address:
        return None
    return db.session.scalar(select(Suppression).where(
        Suppression.address_hash.in_(canonical_hashes(address)), Suppression.suppressed_at.is_not(None)))


def suppressed_among(addresses: Iterable[str]) -> dict[str, Suppression]:
    """Which of ``addresses`` are suppressed, each with its suppression: one query for a batch."""
    hashes = {value: address for address in set(filter(None, addresses)) for value in canonical_hashes(address)}
    if not hashes:
        return {}
    rows = db.session.scalars(select(Suppression).where(Suppression.address_hash.in_(hashes),
                                                        Suppression.suppressed_at.is_not(None)))
    return {hashes[row.address_hash]: row for row in rows}


def withheld(message: OutboxRecord) -> None:
    """Tell :data:`bounced` that the outbox did not send ``message`` to its suppressed address
    (the outbox has committed that)."""
    bounced.send(current_app._get_current_object(), message=message, kind=WITHHELD, suppressed=True)


def suppressed() -> Select:
    """The suppressed addresses, newest first (a query, read a page at a time by the index on
    ``suppressed_at``)."""
    return (select(Suppression).where(Suppression.suppressed_at.is_not(None))
            .order_by(Suppression.suppressed_at.desc(), Suppression.id.desc()))


def lift(suppression_id: int) -> bool:
    """Take an address off the list (its soft bounces forgotten), audited; ``False`` if it was
    not on it."""
    lifted = db.session.execute(
        update(Suppression).where(Suppression.id == suppression_id, Suppression.suppressed_at.is_not(None))
        .values(suppressed_at=None, reason=None, soft_bounces=0, lifted_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if lifted:
        audit("mail.suppression_lifted", suppression=suppression_id)
    db.session.commit()
    return bool(lifted)


def purge_raw(days: float) -> int:
    """Clear the raw reports received more than ``days`` ago, keeping what each said; return how
    many were cleared."""
    cutoff = utcnow() - dt.timedelta(days=days)
    count = db.session.execute(
        update(Bounce).where(Bounce.received_at < cutoff, Bounce.raw.is_not(None)).values(raw=None)
        .execution_options(synchronize_session=False)).rowcount
    if count:
        audit("mail.bounces_purged", days=days, count=count)
    db.session.commit()
    return count
