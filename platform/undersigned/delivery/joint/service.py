"""The ``joint`` channel's reads and writes: approving co-signers, the approved signatories, and
the letter's versions (freezing, delivering, and telling the co-signers)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError

from undersigned.audit.log import record
from undersigned.campaigns.fields import letter_name
from undersigned.contract import Campaign, utcnow
from undersigned.delivery.joint.models import DELIVERY_WAYS, JointLetterVersion
from undersigned.delivery.joint.pdf import render_letter_pdf
from undersigned.extensions import db
from undersigned.i18n.texts import campaign_text
from undersigned.mail.outbox import Attachment, enqueue
from undersigned.signing import revisions
from undersigned.signing.models import CONFIRMED, Signature
from undersigned.signing.service import change, remove

log = logging.getLogger(__name__)

#: Outbox kinds: the letter to its recipient, and the note to each co-signer on it.
LETTER, CO_SIGNER_NOTE = "joint_letter", "joint_delivered"
#: Where a signature block keeps its signature's id: a key no field can have (a field's name is
#: the campaign's, ``id`` included), so ``signatory.<field>`` in a letter is always the field.
SIGNATURE_ID = "_signature_id"


class VersionError(Exception):
    """A version cannot be frozen or delivered; the message says why, for the organizer, and
    ``reason`` names the case (one of :data:`REASONS`), for a page to say it in the reader's language."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


#: Why a version cannot be frozen or delivered: no approved co-signer, another version frozen
#: at the same moment, co-signers changed since the organizer looked, no such version, already
#: delivered, no address to e-mail it to, an unknown way of delivering.
REASONS = ("empty", "raced", "changed", "unknown", "delivered", "no_address", "way")


def approve(campaign: Campaign, signature_id: int) -> bool:
    """Put confirmed co-signer ``signature_id`` on ``campaign``'s joint letter (audited);
    ``False`` if it is unknown, another campaign's, not confirmed or approved already."""
    signature = db.session.get(Signature, signature_id)
    if signature is None or signature.campaign != campaign.slug:
        return False
    if not change(signature, [Signature.status == CONFIRMED, Signature.approved_at.is_(None)],
                  approved_at=utcnow()):
        return False
    revisions.touch(campaign.slug)
    record("cosigner.approve", campaign=campaign.slug, signature=signature_id)
    db.session.commit()
    return True


def reject(campaign: Campaign, signature_id: int) -> bool:
    """Keep co-signer ``signature_id`` off ``campaign``'s joint letter: the signature is
    invalidated (it stops counting, and is kept), audited; ``False`` if it is unknown, another
    campaign's or no longer counts."""
    signature = db.session.get(Signature, signature_id)
    if signature is None or signature.campaign != campaign.slug:
        return False
    return remove(signature, campaign, "invalidated", audit="cosigner.reject")


def waiting(campaign: Campaign, *, after: int = 0, size: int | None = None) -> list[Signature]:
    """The confirmed co-signers of ``campaign`` an organizer has not approved yet, oldest first:
    those after signature ``after``, at most ``size`` of them (a page, read by its index)."""
    return list(db.session.scalars(
        _waiting(campaign).where(Signature.id > after).order_by(Signature.id).limit(size)))


def listings(campaign: Campaign) -> tuple[Select, Select]:
    """The co-signers waiting (in no order: the console pages them by id) and those approved, in
    the letter's order, as queries to read a page at a time."""
    return _waiting(campaign), _approved(campaign)


def waiting_count(campaign: Campaign) -> int:
    return db.session.scalar(_waiting(campaign).with_only_columns(func.count(Signature.id))) or 0


def approved(campaign: Campaign, *, start: int = 0, size: int | None = None) -> list[Signature]:
    """The approved co-signers of ``campaign``, in the letter's order: ``size`` of them (all by
    default) from place ``start`` (0 is the first)."""
    return list(db.session.scalars(_approved(campaign).offset(start).limit(size)))


def approved_count(campaign: Campaign) -> int:
    return db.session.scalar(_approved(campaign).order_by(None).with_only_columns(func.count(Signature.id))) or 0


def move(campaign: Campaign, signature_id: int, offset: int) -> bool:
    """Move approved co-signer ``signature_id`` ``offset`` places down the letter (up if
    negative), numbering every block in the new order (audited); ``False`` if it is not on the
    letter or cannot move that way."""
    blocks = approved(campaign)
    ids = [row.id for row in blocks]
    if signature_id not in ids:
        return False
    old = ids.index(signature_id)
    new = old + offset
    if offset == 0 or not 0 <= new < len(ids):
        return False
    ids.insert(new, ids.pop(old))
    rows = {row.id: row for row in blocks}
    for position, row_id in enumerate(ids, start=1):
        rows[row_id].position = position
    revisions.touch(campaign.slug)
    record("cosigner.move", campaign=campaign.slug, signature=signature_id, position=new + 1)
    db.session.commit()
    return True


def approved_signatories(campaign: Campaign) -> list[dict]:
    """Every approved co-signer's fields (and :func:`signature_id_of`), in the letter's order (where
    organizers put them, then in the order they were approved); ``full_name`` is their name as
    the letter carries it. The delivered letter carries them all."""
    return [_block(campaign, row) for row in db.session.scalars(_approved(campaign))]


@dataclass(frozen=True)
class PublicList:
    """A joint letter's co-signers as the public sees them: the first of those who agreed to be
    named (as :func:`approved_signatories` gives them), how many agreed, and how many there are."""

    shown: list[dict]
    named: int
    total: int


def public_list(campaign: Campaign, *, size: int | None = None) -> PublicList:
    """The first ``size`` (all by default) approved co-signers of ``campaign`` who agreed to be
    named, in the letter's order, with the counts: never more rows read than it shows."""
    named = _approved(campaign).where(Signature.public_name.is_(True))
    shown = [_block(campaign, row) for row in db.session.scalars(named.limit(size))]
    count = named.order_by(None).with_only_columns(func.count(Signature.id))
    return PublicList(shown, db.session.scalar(count) or 0, approved_count(campaign))


def _waiting(campaign: Campaign) -> Select:
    return select(Signature).where(Signature.campaign == campaign.slug, Signature.status == CONFIRMED,
                                   Signature.approved_at.is_(None))


def _approved(campaign: Campaign) -> Select:
    return (select(Signature).where(Signature.campaign == campaign.slug, Signature.status == CONFIRMED,
                                    Signature.approved_at.is_not(None))
            .order_by(Signature.position.is_(None), Signature.position, Signature.approved_at, Signature.id))


def signature_id_of(block: dict) -> int:
    """The id of the signature behind a signature block (``id`` in versions frozen before the
    block kept it under :data:`SIGNATURE_ID`)."""
    return block[SIGNATURE_ID] if SIGNATURE_ID in block else block["id"]


def _block(campaign: Campaign, row: Signature) -> dict:
    return {**row.fields, "full_name": letter_name(campaign, row.fields), SIGNATURE_ID: row.id}


def stamp(signatories: list[dict]) -> str:
    """A digest of the co-signer blocks a version would print: an organizer who confirmed what
    they saw freezes exactly that, or nothing (:func:`freeze`'s ``expected``)."""
    return hashlib.sha256(json.dumps(signatories, sort_keys=True, default=str).encode()).hexdigest()


def next_number(campaign: Campaign) -> int:
    """The number the next frozen version of ``campaign``'s letter gets."""
    return (db.session.scalar(select(func.max(JointLetterVersion.number))
                              .where(JointLetterVersion.campaign == campaign.slug)) or 0) + 1


def freeze(campaign: Campaign, *, expected: str | None = None) -> JointLetterVersion:
    """Freeze the next version of ``campaign``'s letter: the approved co-signers now, dated
    today, and its PDF with the PDF's SHA-256 (audited). With ``expected`` (a :func:`stamp`),
    only if the co-signers are still those the organizer saw."""
    signatories = approved_signatories(campaign)
    if not signatories:
        raise VersionError(f"{campaign.slug} has no approved co-signers to freeze", "empty")
    if expected is not None and stamp(signatories) != expected:
        raise VersionError(f"the co-signers of {campaign.slug} changed since: check them again", "changed")
    frozen_at = utcnow()
    pdf = letter_pdf(campaign, signatories, frozen_at.date())
    number = next_number(campaign)
    version = JointLetterVersion(campaign=campaign.slug, number=number, frozen_at=frozen_at,
                                 signatories=signatories, signatory_count=len(signatories),
                                 pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())
    db.session.add(version)
    record("letter.freeze", campaign=campaign.slug, version=number, co_signers=len(signatories))
    try:
        db.session.commit()
    except IntegrityError:  # another organizer froze this number at the same moment
        db.session.rollback()
        raise VersionError(f"version {number} of {campaign.slug} was frozen meanwhile: "
                           "freeze again", "raced") from None
    log.info("joint letter %s version %s frozen with %s co-signers", campaign.slug, number,
             len(signatories))
    return version


def letter_pdf(campaign: Campaign, signatories: list[dict], date: dt.date, *, others: int = 0) -> bytes:
    """The letter's PDF, in the letter's language (``others``: co-signers counted, not named)."""
    with force_locale(campaign.letter_language):
        return render_letter_pdf(campaign, signatories, date, others=others)


def versions(campaign: Campaign, *, delivered_only: bool = False) -> list[JointLetterVersion]:
    """``campaign``'s versions, newest first."""
    query = select(JointLetterVersion).where(JointLetterVersion.campaign == campaign.slug)
    if delivered_only:
        query = query.where(JointLetterVersion.delivered_at.is_not(None))
    return list(db.session.scalars(query.order_by(JointLetterVersion.number.desc())))


def version(campaign: Campaign, number: int) -> JointLetterVersion | None:
    return db.session.scalar(select(JointLetterVersion).filter_by(campaign=campaign.slug,
                                                                  number=number))


def pdf_filename(campaign: Campaign, version: JointLetterVersion) -> str:
    return f"{campaign.slug}-v{version.number}.pdf"


def deliver(campaign: Campaign, number: int, how: str, *, to: str | None = None) -> JointLetterVersion:
    """Deliver version ``number``: by e-mail (the PDF attached, to ``to`` or the recipient's
    address), or record that it went by hand or by post. Every co-signer still on it is told
    by e-mail in their language. All of it is queued in one transaction, audited."""
    if how not in DELIVERY_WAYS:
        raise VersionError(f"deliver by one of: {', '.join(DELIVERY_WAYS)}", "way")
    frozen = version(campaign, number)
    if frozen is None:
        raise VersionError(f"{campaign.slug} has no version {number}", "unknown")
    if frozen.delivered_at is not None:
        raise VersionError(f"version {number} of {campaign.slug} was delivered already "
                           f"({frozen.delivered_how}, {frozen.delivered_at:%Y-%m-%d})", "delivered")
    if how == "email":
        address = to or campaign.recipient.email
        if not address:
            raise VersionError(f"{campaign.slug}'s recipient has no e-mail address: give one "
                               "with --to, or deliver by hand or by post", "no_address")
        _queue_letter(campaign, frozen, address)
    frozen.delivered_at, frozen.delivered_how = utcnow(), how
    revisions.touch(campaign.slug)  # the letter's public copy lists its delivered versions
    _queue_co_signer_notes(campaign, frozen)
    record("letter.deliver", campaign=campaign.slug, version=number, by=how)
    db.session.commit()
    log.info("joint letter %s version %s delivered (%s)", campaign.slug, number, how)
    return frozen


def _queue_letter(campaign: Campaign, frozen: JointLetterVersion, address: str) -> None:
    with force_locale(campaign.letter_language):
        enqueue(kind=LETTER, to=address, subject=campaign.subject or campaign.title, automatic=False,
                template="joint/emails/letter", language=campaign.letter_language,
                campaign=campaign.slug, campaign_obj=campaign, version=frozen,
                attachment=Attachment(pdf_filename(campaign, frozen), "application/pdf", frozen.pdf))


def _queue_co_signer_notes(campaign: Campaign, frozen: JointLetterVersion) -> None:
    """One e-mail per co-signer on ``frozen`` who still stands by their signature."""
    ids = [signature_id_of(block) for block in frozen.signatories]
    co_signers = db.session.scalars(select(Signature).where(
        Signature.id.in_(ids), Signature.status == CONFIRMED, Signature.email.is_not(None)))
    for signature in co_signers:
        with force_locale(signature.locale):
            title = campaign_text(campaign, campaign.title)
            enqueue(kind=CO_SIGNER_NOTE, to=signature.email, template="joint/emails/delivered",
                    transactional=False,
                    subject=_("The joint letter with your name was delivered: %(title)s", title=title),
                    language=signature.locale, campaign=campaign.slug, signature_id=signature.id,
                    signature=signature, campaign_obj=campaign, version=frozen, title=title)
