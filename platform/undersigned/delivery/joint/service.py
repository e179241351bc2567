"""The ``joint`` channel's reads and writes: approving co-signers, and the approved signatories."""
from __future__ import annotations

from sqlalchemy import select

from undersigned.campaigns.fields import letter_name
from undersigned.campaigns.model import Campaign
from undersigned.extensions import db
from undersigned.signing.models import CONFIRMED, Signature, utcnow
from undersigned.signing.service import change


def approve(campaign: Campaign, signature_id: int) -> bool:
    """Put confirmed co-signer ``signature_id`` on ``campaign``'s joint letter; ``False`` if it
    is unknown, another campaign's, not confirmed or approved already."""
    signature = db.session.get(Signature, signature_id)
    if signature is None or signature.campaign != campaign.slug:
        return False
    if not change(signature, [Signature.status == CONFIRMED, Signature.approved_at.is_(None)],
                  approved_at=utcnow()):
        return False
    db.session.commit()
    return True


def approved_signatories(campaign: Campaign) -> list[dict]:
    """Every approved co-signer's fields, in the order they were approved; ``full_name`` is
    their name as the letter carries it."""
    rows = db.session.scalars(
        select(Signature).where(Signature.campaign == campaign.slug, Signature.status == CONFIRMED,
                                Signature.approved_at.is_not(None))
        .order_by(Signature.approved_at, Signature.id))
    return [dict(row.fields, full_name=letter_name(campaign, row.fields)) for row in rows]
