"""Erasing personal data while the counts stay true: one signature (withdrawn by its signer) or
every signature of the campaigns closed long enough ago (``flask signatures purge``); and the
copy of what is held, e-mailed to the signature's own address."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Iterable

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update

from undersigned.campaigns.fields import all_fields
from undersigned.contract import Campaign, utcnow
from undersigned.extensions import db
from undersigned.helpdesk import service as helpdesk
from undersigned.i18n.texts import campaign_text
from undersigned.mail.models import QUEUED, OutboxMessage
from undersigned.mail.outbox import enqueue
from undersigned.security.tokens import CONFIRM, SIGNER, read_token
from undersigned.signing import revisions, service
from undersigned.signing.models import CONFIRMED, PENDING, Signature

log = logging.getLogger(__name__)

#: Field types that hold a choice from the campaign's own list, never free text: they survive
#: erasure so the counts by country or state stay true.
KEPT_FIELD_TYPES = frozenset({"country", "us_state", "select", "checkbox"})
#: Outbox kind of the copy of a signer's data.
DATA_COPY = "data_copy"
PURGE_BATCH = 500


def withdrawable(campaign: Campaign, token: str) -> Signature | None:
    """The signature of ``campaign`` that a signer's link (e-mails, thank-you page) or a
    confirmation link names, while it is pending or confirmed; ``None`` otherwise, so the link
    dies with the signature."""
    public_id = read_token(SIGNER, token) or read_token(CONFIRM, token)
    if not public_id:
        return None
    signature = db.session.scalar(select(Signature).filter_by(public_id=public_id, campaign=campaign.slug))
    return signature if signature is not None and signature.status in (PENDING, CONFIRMED) else None


def withdraw(signature: Signature, campaign: Campaign) -> bool:
    """Withdraw ``signature`` at its signer's request and erase its personal data, in one
    transaction; a confirmed signature leaves the count once. ``False`` if it was no longer
    pending or confirmed (nothing changed)."""
    anonymise(signature, campaign)
    _clear_outbox(OutboxMessage.signature_id == signature.id, drop_queued=True)
    if not service.remove(signature, campaign, "withdrawn", erased=True):  # commits both, or rolls both back
        return False
    log.info("signature %s withdrawn and erased on %s", signature.id, campaign.slug)
    return True


def anonymise(signature: Signature, campaign: Campaign) -> None:
    """Replace ``signature``'s personal data with nothing (in the caller's transaction): e-mail,
    names and free text, IP hash, public-name consent. Its status, dates, language, referral
    and the choices from the campaign's lists (country, state) stay, so counts and charts hold."""
    kept = {spec.name for spec in all_fields(campaign) if spec.type in KEPT_FIELD_TYPES}
    signature.fields = {name: value for name, value in signature.fields.items() if name in kept}
    signature.email = None
    signature.email_canonical = f"erased-{signature.id}"  # unique per row; the address may sign again
    signature.ip_hash = None
    signature.public_name = False
    signature.erased_at = utcnow()
    if signature.approved_at is not None:  # its name leaves the joint letter's public copy
        revisions.touch(campaign.slug)


def _clear_outbox(*where: Any, drop_queued: bool) -> int:
    """Empty the addresses, bodies and attachments of the messages ``where`` selects (they are
    kept, empty, for the mail statistics); with ``drop_queued`` unsent ones are dropped, without
    it they are left to be sent and cleared on a later run. The number of messages cleared."""
    if drop_queued:
        db.session.execute(delete(OutboxMessage).where(*where, OutboxMessage.status == QUEUED))
    cleared = db.session.execute(
        update(OutboxMessage).where(*where, OutboxMessage.status != QUEUED, _not_cleared())
        .values(to_address="", reply_to=None, body_text="", body_html=None, attachment_name=None,
                attachment_type=None, attachment_data=None, template=None, render_context=None)
        .execution_options(synchronize_session=False))
    return cleared.rowcount


def _not_cleared():
    return or_(OutboxMessage.to_address != "", OutboxMessage.body_text != "",
               OutboxMessage.attachment_data.is_not(None), OutboxMessage.render_context.is_not(None))


@dataclass(frozen=True)
class PurgeReport:
    """What a purge anonymised (or, in a dry run, would): counts only, never personal data."""

    campaigns: tuple[str, ...]
    signatures: int
    messages: int
    help_requests: int


def purge_due(campaigns: Iterable[Campaign], after_days: int, today: dt.date) -> list[Campaign]:
    """The campaigns that closed more than ``after_days`` days before ``today``."""
    return [campaign for campaign in campaigns
            if campaign.closes is not None and (today - campaign.closes).days > after_days]


def purge(campaigns: Iterable[Campaign], *, after_days: int, today: dt.date | None = None,
          dry_run: bool = False) -> PurgeReport:
    """Anonymise every signature and help request not yet erased of the campaigns closed more
    than ``after_days`` days ago, and empty their sent and failed outbox messages. Counts,
    statuses, countries and dates stay. Safe to run again: what is done is not counted twice."""
    due = purge_due(campaigns, after_days, today or dt.date.today())
    slugs = tuple(campaign.slug for campaign in due)
    if dry_run or not due:
        return PurgeReport(slugs, _count(_not_erased(slugs)), _count_messages(slugs),
                           helpdesk.erasable_count(slugs))
    signatures = 0
    for campaign in due:
        signatures += _anonymise_campaign(campaign)
    help_requests = helpdesk.erase(slugs)
    messages = _clear_outbox(_of_campaigns(slugs), drop_queued=False)
    db.session.commit()
    log.info("purge: %s signatures and %s help requests anonymised, %s messages cleared in %s campaigns",
             signatures, help_requests, messages, len(slugs))
    return PurgeReport(slugs, signatures, messages, help_requests)


def _anonymise_campaign(campaign: Campaign) -> int:
    """Anonymise ``campaign``'s signatures in batches, each its own transaction."""
    done = 0
    while batch := list(db.session.scalars(
            _not_erased((campaign.slug,)).order_by(Signature.id).limit(PURGE_BATCH))):
        for signature in batch:
            anonymise(signature, campaign)
        db.session.commit()
        done += len(batch)
    return done


def _not_erased(slugs: tuple[str, ...]):
    return select(Signature).where(Signature.campaign.in_(slugs), Signature.erased_at.is_(None))


def _of_campaigns(slugs: tuple[str, ...]):
    of_their_signatures = select(Signature.id).where(Signature.campaign.in_(slugs))
    return or_(OutboxMessage.campaign.in_(slugs), OutboxMessage.signature_id.in_(of_their_signatures))


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _count_messages(slugs: tuple[str, ...]) -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        _of_campaigns(slugs), OutboxMessage.status != QUEUED, _not_cleared())) or 0


def send_copy(signature: Signature, campaign: Campaign, language: str) -> None:
    """Queue an e-mail to ``signature``'s own address with everything held about it (never the
    IP hash, which cannot be read back), in ``language``: what the signer filled in, each field
    by its label, apart from what the platform recorded, so a campaign's field is never read as
    one of the platform's items."""
    labels = {spec.name: campaign_text(campaign, spec.label) for spec in all_fields(campaign)}
    fields = [(labels.get(name, name), _shown(value)) for name, value in signature.fields.items()]
    enqueue(kind=DATA_COPY, to=signature.email, template="privacy/emails/data_copy",
            language=language, campaign=campaign.slug, signature_id=signature.id,
            subject=_("What we hold about your signature: %(title)s",
                      title=campaign_text(campaign, campaign.title)),
            signature=signature, campaign_obj=campaign, fields=fields, link=service.withdraw_link(campaign, signature))
    db.session.commit()
    log.info("copy of signature %s's data queued", signature.id)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value) if value not in (None, "") else "—"
