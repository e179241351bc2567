"""Which referral codes (``?ref=``) brought confirmed signatures to a campaign: counted from the
rows (``flask campaigns referrals``), or read from the referral chart's bars (the console's
sharing page, a page at a time)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from undersigned.campaigns import counters

from undersigned.extensions import db
from undersigned.signing import tallies
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


def listing(slug: str) -> Select:
    """The codes that brought confirmed signatures to ``slug`` with their counts, most first:
    the referral chart's bars, kept as signatures change (a query of (code, count) rows)."""
    return counters.bars_query(slug, tallies.REFERRAL, by_count=True)


def listed_count(slug: str) -> int:
    """How many codes :func:`listing` finds."""
    return counters.bar_count(slug, tallies.REFERRAL)[0]


def described(rows: list[tuple[str, int]]) -> list[Referral]:
    """Rows of :func:`listing`, each a :class:`Referral`: the page's codes looked up at once
    among the signers' own (by the unique index on ``share_code``)."""
    codes = [code for code, _count in rows]
    signers = set(db.session.scalars(select(Signature.share_code).where(Signature.share_code.in_(codes))))
    return [Referral(code, int(count), code in signers) for code, count in rows]
