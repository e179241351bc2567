"""Looking after the outbox: how it stands, requeueing dead messages, clearing old bodies."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Select, func, select, update

from undersigned.audit.log import record
from undersigned.contract import utcnow
from undersigned.extensions import db
from undersigned.mail.models import FAILED, QUEUED, SENT, WITHHELD, OutboxMessage
from undersigned.mail.outbox import status_counts

#: What a sent message keeps once purged: kind, campaign, signature, times, never its content.
PURGED = ""


def counts() -> dict[str, int]:
    """How many messages are queued, sent, dead and withheld (never sent: a suppressed address)."""
    rows = status_counts()
    return {status: rows.get(status, 0) for status in (QUEUED, SENT, FAILED, WITHHELD)}


def health() -> dict[str, int]:
    """How many messages wait for their first try (``queued``), wait to be tried again after a
    failure (``retrying``), are dead (``dead``) and were not sent to a suppressed address (``withheld``)."""
    retrying = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.status == QUEUED, OutboxMessage.attempts > 0))
    rows = status_counts()
    return {"queued": rows.get(QUEUED, 0) - retrying, "retrying": retrying, "dead": rows.get(FAILED, 0),
            "withheld": rows.get(WITHHELD, 0)}


def masked(address: str) -> str:
    """An address as the console shows it: ``a***@example.org`` (the domain tells a failing
    provider apart; the mailbox stays private)."""
    local, at, domain = address.rpartition("@")
    return f"{local[:1]}***@{domain}" if at and local else "***"


def dead() -> Select:
    """The dead messages, oldest first: refused for good, or out of attempts (a query, read a
    page at a time by the index on the status)."""
    return select(OutboxMessage).where(OutboxMessage.status == FAILED).order_by(OutboxMessage.id)


def withheld() -> Select:
    """The messages withheld from a suppressed address, newest first (a query, as :func:`dead`)."""
    return select(OutboxMessage).where(OutboxMessage.status == WITHHELD).order_by(OutboxMessage.id.desc())


def requeue(ids: Sequence[int] = ()) -> int:
    """Queue dead messages again (those of ``ids``, or all of them) with fresh attempts; return
    how many. A message that is not dead is left as it is."""
    statement = (update(OutboxMessage).where(OutboxMessage.status == FAILED)
                 .values(status=QUEUED, attempts=0, next_attempt_at=utcnow(), locked_until=None,
                         lock_token=None))
    if ids:
        statement = statement.where(OutboxMessage.id.in_(ids))
    count = db.session.execute(statement.execution_options(synchronize_session=False)).rowcount
    if count:
        record("outbox.retry", messages=sorted(ids) or "all", count=count)
    db.session.commit()
    return count


def purge(days: float) -> int:
    """Clear the addresses, bodies and attachments of messages sent more than ``days`` ago, keeping each row
    for the delivery log; return how many were cleared. Running it again clears nothing new."""
    cutoff = utcnow() - dt.timedelta(days=days)
    count = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == SENT, OutboxMessage.sent_at < cutoff, OutboxMessage.body_text != PURGED)
        .values(to_address=PURGED, reply_to=None, body_text=PURGED, body_html=None, unsubscribe_url=None,
                attachment_data=None)
        .execution_options(synchronize_session=False)).rowcount
    if count:
        record("outbox.purge", days=days, count=count)
    db.session.commit()
    return count
