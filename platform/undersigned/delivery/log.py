"""A signature's delivery log: every message the platform queued for it, and what became of it,
bounces and complaints included."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import aliased

from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.security.identity import InvalidEmail, canonical_email, normalise_email
from undersigned.signing.models import Signature
from undersigned.suppression.models import Bounce


@dataclass(frozen=True)
class LogEntry:
    """One outbox message of a signature. A letter carried by a daily digest shows the digest's
    status and time (``via_digest`` is its id)."""

    kind: str
    status: str
    attempts: int
    last_error: str | None
    queued_at: dt.datetime
    sent_at: dt.datetime | None
    via_digest: int | None
    #: What came back about it: each bounce or complaint, as ``bounce (permanent, 5.1.1, maildir)``.
    returned: tuple[str, ...] = ()


def signature_named(slug: str, who: str) -> Signature | None:
    """The signature of ``slug`` that ``who`` names: its id, or the e-mail address it signed with.
    Raises :class:`ValueError` if ``who`` is neither."""
    if who.isdigit():
        where = Signature.id == int(who)
    else:
        try:
            where = Signature.email_canonical == canonical_email(normalise_email(who))
        except InvalidEmail:
            raise ValueError(f"{who!r} is neither an id nor an e-mail address") from None
    return db.session.scalar(select(Signature).where(Signature.campaign == slug, where))


def delivery_log(signature: Signature) -> list[LogEntry]:
    """The messages of ``signature``, oldest first."""
    digest = aliased(OutboxMessage)
    rows = db.session.execute(
        select(OutboxMessage, digest).outerjoin(digest, OutboxMessage.digest_id == digest.id)
        .where(OutboxMessage.signature_id == signature.id)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)).all()
    returned: dict[int, list[str]] = {}
    for bounce in db.session.scalars(select(Bounce).where(Bounce.outbox_id.in_([m.id for m, _ in rows]))
                                     .order_by(Bounce.received_at, Bounce.id)):
        details = ", ".join(filter(None, ("permanent" if bounce.permanent else "soft", bounce.status, bounce.source)))
        returned.setdefault(bounce.outbox_id, []).append(f"{bounce.kind} ({details})")
    return [_entry(message, carrier, returned.get(message.id, [])) for message, carrier in rows]


def _entry(message: OutboxMessage, carrier: OutboxMessage | None, returned: list[str]) -> LogEntry:
    shown = carrier or message
    return LogEntry(kind=message.kind, status=shown.status, attempts=shown.attempts,
                    last_error=shown.last_error, queued_at=message.created_at,
                    sent_at=shown.sent_at, via_digest=carrier.id if carrier else None, returned=tuple(returned))
