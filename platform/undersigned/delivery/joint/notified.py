"""Who was told that a joint letter's version was delivered: each co-signer on it, as the
letter prints them, with what became of the e-mail telling them (``joint_delivered``)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from undersigned.contract import Campaign
from undersigned.delivery.joint.models import JointLetterVersion
from undersigned.delivery.joint.service import CO_SIGNER_NOTE, signature_id_of
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage


@dataclass(frozen=True)
class Notice:
    """One co-signer of a version (their block as printed) and the status of the note telling
    them (``queued``, ``sent``, ``failed``, ``withheld``), or ``None``: not told (they withdrew
    or were removed before the delivery, gave no address, or unsubscribed)."""

    block: dict
    status: str | None


def notices(campaign: Campaign, frozen: JointLetterVersion, blocks: list[dict]) -> list[Notice]:
    """The co-signers ``blocks`` (a page of version ``frozen``'s), each with the note sent them
    when that version was delivered."""
    if frozen.delivered_at is None or not blocks:
        return [Notice(block, None) for block in blocks]
    later = db.session.scalar(
        select(JointLetterVersion.delivered_at)
        .where(JointLetterVersion.campaign == campaign.slug, JointLetterVersion.delivered_at > frozen.delivered_at)
        .order_by(JointLetterVersion.delivered_at).limit(1))
    query = (select(OutboxMessage.signature_id, OutboxMessage.status)
             .where(OutboxMessage.kind == CO_SIGNER_NOTE, OutboxMessage.campaign == campaign.slug,
                    OutboxMessage.signature_id.in_([signature_id_of(block) for block in blocks]),
                    OutboxMessage.created_at >= frozen.delivered_at)
             .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))
    if later is not None:
        query = query.where(OutboxMessage.created_at < later)
    statuses = dict(db.session.execute(query).all())  # the earliest note wins: rows run newest first
    return [Notice(block, statuses.get(signature_id_of(block))) for block in blocks]
