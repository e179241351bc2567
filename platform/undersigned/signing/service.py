"""The signing flow's writes, each one short transaction: sign, resend or correct the
confirmation, confirm, remove."""
from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from undersigned.audit.log import record
from undersigned.campaigns.fields import PERSONAL_PARAGRAPH
from undersigned.contract import Campaign, channel_of, notify, utcnow
from undersigned.contract.events import (SIGNATURE_CONFIRMED, SIGNATURE_ERASED, SIGNATURE_INVALIDATED,
                                         SIGNATURE_WITHDRAWN)
from undersigned.extensions import db
from undersigned.i18n.texts import campaign_text
from undersigned.mail.outbox import enqueue
from undersigned.plugins.in_transaction import before_commit
from undersigned.security import blocklist
from undersigned.security.hosts import public_url
from undersigned.security.tokens import CONFIRM, SIGNER, make_token, read_token
from undersigned.signing import revisions, tallies
from undersigned.signing.models import CONFIRMED, INVALIDATED, PENDING, WITHDRAWN, Signature, new_public_id

log = logging.getLogger(__name__)


class AlreadySigned(Exception):
    """This mailbox has already signed this campaign."""


class Refused(Exception):
    """The signer's e-mail domain or IP hash is on the block list; nothing was written."""


def sign(campaign: Campaign, values: dict[str, Any], *, email: str, email_canonical: str,
         locale: str, ip_hash: str, public_name: bool, referral: str | None,
         confirmed_audit: str | None = None, details: dict[str, Any] | None = None) -> Signature:
    """Write the pending signature and its confirmation e-mail in one transaction; or, with
    ``confirmed_audit`` (a partner that confirmed the address itself), the signature confirmed and
    counted at once, without a confirmation e-mail, audited as ``confirmed_audit`` with
    ``details`` (ids only), in the same one transaction.

    Raises :class:`Refused` for a blocked signer and :class:`AlreadySigned` for a second
    signature from the same mailbox (the unique index decides, so concurrent duplicates
    cannot both land).
    """
    reason = blocklist.blocked(email, email_canonical, ip_hash=ip_hash, campaign=campaign.slug)
    if reason:
        log.info("signature on %s refused: blocked %s", campaign.slug, reason)
        raise Refused(reason)
    fields = {name: value for name, value in values.items() if name != "email"}
    signature = Signature(campaign=campaign.slug, email=email, email_canonical=email_canonical,
                          fields=fields, locale=locale, ip_hash=ip_hash, public_name=public_name,
                          referral=referral, letter_edited=bool(fields.get(PERSONAL_PARAGRAPH)))
    if confirmed_audit:
        signature.status, signature.confirmed_at = CONFIRMED, utcnow()
    db.session.add(signature)
    try:
        db.session.flush()
        if confirmed_audit:
            record(confirmed_audit, campaign=campaign.slug, signature=signature.id, **(details or {}))
            _count_confirmed(signature, campaign)
        else:
            _enqueue_confirmation(campaign, signature, locale)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AlreadySigned() from None
    log.info("signature %s created on %s%s", signature.id, campaign.slug, " confirmed" if confirmed_audit else "")
    notify("undersigned_signature_created", signature=signature, campaign=campaign)
    if confirmed_audit:
        notify("undersigned_signature_confirmed", signature=signature, campaign=campaign)
    return signature


def _enqueue_confirmation(campaign: Campaign, signature: Signature, locale: str) -> None:
    """Queue the e-mail with ``signature``'s confirmation link, in the caller's transaction."""
    link = public_url("signing.confirm", slug=campaign.slug, token=make_token(CONFIRM, signature.public_id))
    next_step = channel_of(campaign).confirm_mail_next_step
    enqueue(kind="confirm", to=signature.email, template="emails/confirm", language=locale,
            subject=_("Please confirm your signature: %(title)s", title=campaign_text(campaign, campaign.title)),
            campaign=campaign.slug, signature_id=signature.id, render_later=True, link=link,
            withdraw_link=withdraw_link(campaign, signature),
            link_days=current_app.config["CONFIRM_MAX_AGE_DAYS"],
            next_step=str(next_step) if next_step else None)


def resend(signature: Signature, campaign: Campaign, locale: str) -> bool:
    """Send ``signature``'s confirmation e-mail again; ``False`` (nothing sent) unless it is
    still pending."""
    if signature.status != PENDING:
        return False
    _enqueue_confirmation(campaign, signature, locale)
    db.session.commit()
    log.info("confirmation of signature %s sent again on %s", signature.id, campaign.slug)
    return True


def correct_email(signature: Signature, campaign: Campaign, *, email: str, email_canonical: str,
                  locale: str) -> bool:
    """Move a still-pending ``signature`` to a corrected address and send it the confirmation.

    The signature gets a new public id, so links already mailed to the mistyped address stop
    working. Returns ``False`` (nothing changed) unless it is still pending. Raises
    :class:`Refused` for a blocked address and :class:`AlreadySigned` when the new address has
    already signed (one signature per mailbox, as when signing).
    """
    reason = blocklist.blocked(email, email_canonical, ip_hash=signature.ip_hash, campaign=campaign.slug)
    if reason:
        log.info("corrected address on %s refused: blocked %s", campaign.slug, reason)
        raise Refused(reason)
    try:
        if not change(signature, [Signature.status == PENDING], email=email, email_canonical=email_canonical,
                      public_id=new_public_id(), undeliverable_at=None):
            return False
        db.session.refresh(signature)
        _enqueue_confirmation(campaign, signature, locale)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AlreadySigned() from None
    log.info("address of pending signature %s corrected on %s", signature.id, campaign.slug)
    return True


def signature_for_token(campaign: Campaign, purpose: str, token: str) -> Signature | None:
    """The signature of ``campaign`` a signed link's ``token`` names, if it is valid. A signer's
    link (``SIGNER``) opens only a confirmed signature: once withdrawn or invalidated, it is dead."""
    public_id = read_token(purpose, token)
    if not public_id:
        return None
    signature = db.session.scalar(select(Signature).filter_by(public_id=public_id, campaign=campaign.slug))
    if signature is not None and purpose == SIGNER and signature.status != CONFIRMED:
        return None
    return signature


def withdraw_link(campaign: Campaign, signature: Signature) -> str:
    """The signer's link to withdraw ``signature`` and erase its data (it works while the
    signature is pending or confirmed, and never expires)."""
    return public_url("privacy.withdraw", slug=campaign.slug, token=make_token(SIGNER, signature.public_id))


def remind(campaign: Campaign, *, email: str, email_canonical: str, locale: str) -> Signature | None:
    """Answer a second signature from a mailbox by e-mail to that mailbox, with its link.

    The page answers a repeat exactly as a first signature, so nobody can learn from the site
    whether an address has signed; only the mailbox's owner hears it.
    """
    existing = db.session.scalar(select(Signature).filter_by(campaign=campaign.slug,
                                                             email_canonical=email_canonical))
    if existing is None:
        return None
    link = None
    if existing.status == PENDING:
        link = public_url("signing.confirm", slug=campaign.slug,
                          token=make_token(CONFIRM, existing.public_id))
    elif existing.status == CONFIRMED:
        link = public_url("signing.thanks", slug=campaign.slug,
                          token=make_token(SIGNER, existing.public_id))
    enqueue(kind="reminder", to=email, template="emails/already_signed", language=locale,
            subject=_("You have already signed: %(title)s", title=campaign_text(campaign, campaign.title)),
            campaign=campaign.slug, signature_id=existing.id, render_later=True,
            status=existing.status, link=link,
            withdraw_link=withdraw_link(campaign, existing) if link else None)
    db.session.commit()
    log.info("repeat signature on %s answered by e-mail (signature %s)", campaign.slug, existing.id)
    return existing


def confirm(signature: Signature, campaign: Campaign) -> bool:
    """Confirm a pending signature; ``False`` if it was not pending (already confirmed, ...)."""
    if not change(signature, [Signature.status == PENDING], status=CONFIRMED, confirmed_at=utcnow()):
        return False
    db.session.refresh(signature)
    _count_confirmed(signature, campaign)
    db.session.commit()
    log.info("signature %s confirmed on %s", signature.id, campaign.slug)
    notify("undersigned_signature_confirmed", signature=signature, campaign=campaign)
    return True


def _count_confirmed(signature: Signature, campaign: Campaign) -> None:
    """What confirming ``signature`` does in the caller's transaction: it counts, its channel
    queues its work, and plugins queue theirs."""
    tallies.count(signature, campaign, 1)
    channel_of(campaign).on_confirmed(signature, campaign)
    before_commit(SIGNATURE_CONFIRMED, signature, campaign)


def remove(signature: Signature, campaign: Campaign, reason: str, *, audit: str | None = None,
           details: dict[str, Any] | None = None, erased: bool = False) -> bool:
    """Withdraw or invalidate a signature; it stops counting and is kept for audit. An
    organizer's removal names its ``audit`` action (with ``details``: ids and counts only), kept
    in the same transaction. ``erased``: the caller erased its personal data in this transaction
    too (the signer's withdrawal), which plugins hear before it commits."""
    status, event = {"withdrawn": (WITHDRAWN, SIGNATURE_WITHDRAWN),
                     "invalidated": (INVALIDATED, SIGNATURE_INVALIDATED)}[reason]
    was_confirmed = signature.status == CONFIRMED
    stamp = {"withdrawn_at" if status == WITHDRAWN else "invalidated_at": utcnow()}
    still = [Signature.status == signature.status, Signature.status.in_((PENDING, CONFIRMED))]
    if not change(signature, still, status=status, **stamp):
        return False
    if was_confirmed:  # it leaves the count and the charts' bars
        tallies.count(signature, campaign, -1)
    if signature.approved_at is not None:  # it leaves the joint letter's public copy
        revisions.touch(campaign.slug)
    if audit:
        record(audit, campaign=campaign.slug, signature=signature.id, **(details or {}))
    db.session.refresh(signature)
    before_commit(event, signature, campaign)
    if erased:
        before_commit(SIGNATURE_ERASED, signature, campaign)
    db.session.commit()
    notify("undersigned_signature_removed", signature=signature, campaign=campaign, reason=reason)
    return True


def reinstate(signature: Signature, campaign: Campaign, *, audit: str) -> bool:
    """Undo an organizer's invalidation: ``signature`` counts again as it did (confirmed if it
    was confirmed, else waiting for confirmation; back on a joint letter if it was approved),
    audited as ``audit``; ``False`` if it is not invalidated (a withdrawal is the signer's own)."""
    status = CONFIRMED if signature.confirmed_at is not None else PENDING
    if not change(signature, [Signature.status == INVALIDATED], status=status, invalidated_at=None):
        return False
    if status == CONFIRMED:  # back in the count and the charts' bars
        tallies.count(signature, campaign, 1)
    if signature.approved_at is not None:  # it returns to the joint letter's public copy
        revisions.touch(campaign.slug)
    record(audit, campaign=campaign.slug, signature=signature.id)
    db.session.commit()
    db.session.refresh(signature)
    return True


def change(signature: Signature, conditions: list[Any], **values: Any) -> bool:
    """Update ``signature`` only if ``conditions`` still hold in the database (so two requests
    racing for the same change cannot both make it); roll back and return ``False`` if not."""
    changed = db.session.execute(
        update(Signature).where(Signature.id == signature.id, *conditions).values(**values)
        .execution_options(synchronize_session=False))
    if changed.rowcount != 1:
        db.session.rollback()
        return False
    return True
