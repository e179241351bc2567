"""Which referral codes (``?ref=``) brought confirmed signatures to a campaign."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from undersigned.extensions import db
from undersigned.signing.models import CONFIRMED, Signature


@dataclass(frozen=True)
class Referral:
    """One code and the signatures it brought to a campaign."""

    code: str
    confirmed: int
    #: whether the code is a signer's own (``share_code``), not one an organizer handed out
    from_signer: bool


def referrals_of(slug: str) -> list[Referral]:
    """The codes that brought confirmed signatures to ``slug``, most signatures first."""
    confirmed = func.count(Signature.id).label("confirmed")
    counted = (select(Signature.referral, confirmed)
               .where(Signature.campaign == slug, Signature.status == CONFIRMED,
                      Signature.referral.is_not(None))
               .group_by(Signature.referral).subquery())
    sharer = select(Signature.id).where(Signature.share_code == counted.c.referral).exists()
    query = (select(counted.c.referral, counted.c.confirmed, sharer)
             .order_by(counted.c.confirmed.desc(), counted.c.referral))
    return [Referral(code, count, bool(from_signer)) for code, count, from_signer in db.session.execute(query)]
