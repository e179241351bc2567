"""The ``self_submit`` channel's write: the supporter reports sending their letter."""
from __future__ import annotations

from undersigned.campaigns.model import Campaign
from undersigned.extensions import db
from undersigned.plugins.events import notify
from undersigned.signing import counters
from undersigned.signing.models import CONFIRMED, Signature, utcnow
from undersigned.signing.service import change


def report_sent(signature: Signature, campaign: Campaign) -> bool:
    """Record that the supporter sent the letter themselves; once only (``False`` after)."""
    if not change(signature, [Signature.status == CONFIRMED, Signature.reported_sent_at.is_(None)],
                  reported_sent_at=utcnow()):
        return False
    counters.add(campaign.slug, counters.REPORTED_SENT)
    db.session.commit()
    db.session.refresh(signature)
    notify("undersigned_signature_delivered", signature=signature, campaign=campaign)
    return True
