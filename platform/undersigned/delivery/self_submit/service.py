"""The ``self_submit`` channel's writes: the letter e-mailed to the supporter, their report of
sending it, and the one reminder to those who have not reported."""
from __future__ import annotations

import datetime as dt

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from undersigned.campaigns import counters
from undersigned.contract import Campaign, notify, utcnow
from undersigned.contract.events import LETTER_DELIVERED
from undersigned.delivery.self_submit.stand_in import stand_in_url
from undersigned.extensions import db
from undersigned.i18n.texts import campaign_text
from undersigned.mail.outbox import enqueue
from undersigned.plugins.in_transaction import before_commit
from undersigned.security.hosts import public_url
from undersigned.security.tokens import SIGNER, make_token
from undersigned.signing.letter import render_letter_text
from undersigned.signing.models import CONFIRMED, Signature
from undersigned.signing.service import change

#: The outbox kinds of the supporter's copy of their letter and of the reminder to send it.
LETTER_COPY, SEND_REMINDER = "letter_copy", "send_reminder"


def queue_letter_copy(signature: Signature, campaign: Campaign) -> None:
    """Queue the finished letter, its subject and where to send it, to the supporter, in their
    language (inside the confirming transaction)."""
    with force_locale(signature.locale):
        _queue(signature, campaign, kind=LETTER_COPY, template="self_submit/emails/letter",
               subject=_("Your letter to send: %(title)s", title=campaign_text(campaign, campaign.title)))


def report_sent(signature: Signature, campaign: Campaign) -> bool:
    """Record that the supporter sent the letter themselves; once only (``False`` after)."""
    if not change(signature, [Signature.status == CONFIRMED, Signature.reported_sent_at.is_(None)],
                  reported_sent_at=utcnow()):
        return False
    counters.add(campaign.slug, counters.REPORTED_SENT)
    db.session.refresh(signature)
    before_commit(LETTER_DELIVERED, signature, campaign)
    db.session.commit()
    notify("undersigned_signature_delivered", signature=signature, campaign=campaign)
    return True


def remind(campaign: Campaign, after: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Queue one reminder to each supporter of ``campaign`` who confirmed more than ``after`` ago
    and has not reported sending; never twice, never once the campaign has closed. Returns how
    many were queued."""
    if campaign.status() == "closed":
        return 0
    now = now or utcnow()
    due = list(db.session.scalars(
        select(Signature).where(Signature.campaign == campaign.slug, Signature.status == CONFIRMED,
                                Signature.reported_sent_at.is_(None), Signature.reminded_at.is_(None),
                                Signature.email.is_not(None), Signature.confirmed_at <= now - after)
        .order_by(Signature.id)))
    reminded = 0
    for signature in due:
        still_due = [Signature.status == CONFIRMED, Signature.reported_sent_at.is_(None),
                     Signature.reminded_at.is_(None)]
        if not change(signature, still_due, reminded_at=now):
            continue  # reported, removed or reminded by a concurrent run meanwhile
        with force_locale(signature.locale):
            # optional mail: not queued once the supporter has unsubscribed, still marked reminded
            queued = _queue(signature, campaign, kind=SEND_REMINDER, template="self_submit/emails/reminder",
                            transactional=False,
                            subject=_("A reminder: your letter is ready to send: %(title)s",
                                      title=campaign_text(campaign, campaign.title)))
        db.session.commit()
        reminded += queued
    return reminded


def _queue(signature: Signature, campaign: Campaign, *, kind: str, template: str, subject: str,
           transactional: bool = True) -> bool:
    """Queue one e-mail to the supporter; ``False`` when it was not queued (unsubscribed)."""
    message = enqueue(kind=kind, to=signature.email, subject=subject, template=template,
                      transactional=transactional, language=signature.locale, campaign=campaign.slug,
                      signature_id=signature.id, campaign_obj=campaign, signature=signature,
                      letter=render_letter_text(campaign, signature.fields), letter_subject=campaign.subject,
                      contact_form_url=campaign.recipient.contact_form_url,
                      stand_in_url=stand_in_url(campaign),
                      link=public_url("signing.thanks", slug=campaign.slug,
                                      token=make_token(SIGNER, signature.public_id)))
    return message is not None
