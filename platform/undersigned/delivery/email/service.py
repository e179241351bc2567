"""The ``email`` channel's queries and writes: queueing each letter in its recipient's next free
slot, the daily digest, and the delivered count."""
from __future__ import annotations

import datetime as dt

from flask_babel import force_locale, ngettext
from sqlalchemy import func, select, text, update

from undersigned.contract import Campaign, utcnow
from undersigned.extensions import db
from undersigned.mail.models import QUEUED, SENT, OutboxMessage
from undersigned.mail.outbox import enqueue
from undersigned.signing.letter import render_letter_text
from undersigned.signing.models import Signature

#: The outbox kind of a letter; once sent (alone or in its digest), its signature is delivered.
LETTER = "letter"
#: The outbox kind of a daily digest: one message carrying the day's letters.
DIGEST = "digest"
#: A letter waiting for its digest, then carried by it: the worker never sends either alone.
HELD, DIGESTED = "held", "digested"


def queue_letter(signature: Signature, campaign: Campaign) -> OutboxMessage:
    """Queue ``signature``'s letter to the recipient (inside the caller's transaction): in the
    recipient's next free slot, or held for the next digest."""
    slot = None
    if campaign.letters_per_hour and not campaign.digest:  # before this letter joins the session
        slot = next_slot(campaign.recipient.email, campaign.letters_per_hour)
    # the supporter's letter, not the platform's notice: no Auto-Submitted, so the recipient's
    # auto-reply reaches the supporter (Reply-To)
    letter = enqueue(kind=LETTER, to=campaign.recipient.email, reply_to=signature.email, automatic=False,
                     subject=campaign.subject or campaign.title, template="emails/letter",
                     language=campaign.letter_language, campaign=campaign.slug,
                     signature_id=signature.id, letter=render_letter_text(campaign, signature.fields))
    if campaign.digest:
        letter.status = HELD
    elif slot is not None:
        letter.next_attempt_at = slot
    return letter


def next_slot(to_address: str, per_hour: int, now: dt.datetime | None = None) -> dt.datetime:
    """When the next letter to ``to_address`` may go: ``1/per_hour`` of an hour after the last one
    scheduled, or now. Slots that far apart put at most ``per_hour`` letters in any hour.

    On PostgreSQL a transaction-scoped advisory lock per address makes concurrent confirmations
    take slots one after the other (released when the caller commits); SQLite already holds its
    write lock here, since the confirmation has written."""
    now = now or utcnow()
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                           {"key": f"undersigned.letters:{to_address}"})
    last = db.session.scalar(
        select(func.max(OutboxMessage.next_attempt_at))
        .where(OutboxMessage.to_address == to_address, OutboxMessage.kind == LETTER,
               OutboxMessage.status.in_((QUEUED, SENT))))
    if last is None:
        return now
    return max(now, last + dt.timedelta(hours=1) / per_hour)


def queue_digest(campaign: Campaign, today: dt.date | None = None) -> int:
    """Queue one message to the recipient carrying every held letter of ``campaign`` confirmed
    before ``today`` (UTC), mark those letters as carried by it, and return how many it carries.

    Run daily: a second run the same day finds nothing new (today's letters wait for tomorrow's),
    and a day without a run leaves its letters for the next one, so none is sent twice or missed.
    """
    today = today or utcnow().date()
    start_of_today = dt.datetime.combine(today, dt.time())
    held = list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.campaign == campaign.slug,
                                    OutboxMessage.kind == LETTER, OutboxMessage.status == HELD,
                                    OutboxMessage.created_at < start_of_today)
        .order_by(OutboxMessage.created_at, OutboxMessage.id).with_for_update()))
    if not held:
        db.session.rollback()
        return 0
    with force_locale(campaign.letter_language):
        subject = ngettext("%(subject)s: %(num)d letter", "%(subject)s: %(num)d letters", len(held),
                           subject=campaign.subject or campaign.title)
        digest = enqueue(kind=DIGEST, to=campaign.recipient.email, subject=subject,
                         template="email/emails/digest", language=campaign.letter_language,
                         campaign=campaign.slug,
                         letters=[(letter.body_text, letter.reply_to) for letter in held])
    db.session.flush()
    carried = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_([letter.id for letter in held]),
                                    OutboxMessage.status == HELD)
        .values(status=DIGESTED, digest_id=digest.id).execution_options(synchronize_session=False))
    if carried.rowcount != len(held):  # another run took some of them: let it send them
        db.session.rollback()
        return 0
    db.session.commit()
    return len(held)


def carried_signatures(digest: OutboxMessage) -> list[int]:
    """The signatures whose letters ``digest`` carries, in the order it carries them."""
    return list(db.session.scalars(
        select(OutboxMessage.signature_id)
        .where(OutboxMessage.digest_id == digest.id, OutboxMessage.signature_id.is_not(None))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)))
