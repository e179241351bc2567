"""Reading a campaign's signatures for organizers: the list and the CSV export's table."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Iterator

from sqlalchemy import select

from undersigned.campaigns.fields import RECORD_COLUMNS_AFTER, RECORD_COLUMNS_BEFORE, all_fields
from undersigned.campaigns.model import Campaign
from undersigned.extensions import db
from undersigned.signing.models import Signature


def signatures_of(slug: str, status: str | None = None) -> list[Signature]:
    """The signatures of ``slug`` (only those in ``status`` if given), oldest first."""
    query = select(Signature).where(Signature.campaign == slug).order_by(Signature.id)
    if status:
        query = query.where(Signature.status == status)
    return list(db.session.scalars(query))


def export_table(campaign: Campaign, statuses: Iterable[str] = ()) -> tuple[list[str], Iterator[list[Any]]]:
    """The export's header, and its rows streamed one signature at a time: every signature of
    ``campaign`` not erased (only those in ``statuses`` if given), with the campaign's fields
    (the personal paragraph among them, where the campaign allows one) and whether the signer
    edited the letter."""
    names = [field.name for field in all_fields(campaign) if field.name != "email"]
    header = [*RECORD_COLUMNS_BEFORE, "email", *names, *RECORD_COLUMNS_AFTER]
    query = (select(Signature).where(Signature.campaign == campaign.slug, Signature.erased_at.is_(None))
             .order_by(Signature.id))
    statuses = list(statuses)
    if statuses:
        query = query.where(Signature.status.in_(statuses))
    rows = ([s.id, s.status, _stamp(s.created_at), _stamp(s.confirmed_at), s.email,
             *[s.fields.get(name) for name in names], s.public_name, s.locale, s.referral,
             _stamp(s.approved_at), _stamp(s.reported_sent_at), _stamp(s.invalidated_at), s.ip_hash, s.letter_edited]
            for s in db.session.scalars(query.execution_options(yield_per=1000)))
    return header, rows


def _stamp(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}" if moment else ""
