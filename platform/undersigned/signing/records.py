"""Reading a campaign's signatures for organizers: the list, its pages, the counts per status and
the CSV export's table."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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


@dataclass(frozen=True)
class Page:
    """One page of a campaign's signatures, newest first, and the id to continue after."""

    signatures: list[Signature]
    next_before: int | None


def page_of(slug: str, *, status: str | None = None, since: dt.datetime | None = None,
            until: dt.datetime | None = None, before: int | None = None, size: int = 50) -> Page:
    """Up to ``size`` signatures of ``slug`` (in ``status``, made from ``since`` and before
    ``until`` if given) with ids below ``before``, newest first: keyset pages, as quick on the
    thousandth page as on the first."""
    query = select(Signature).where(Signature.campaign == slug)
    if status:
        query = query.where(Signature.status == status)
    if since:
        query = query.where(Signature.created_at >= since)
    if until:
        query = query.where(Signature.created_at < until)
    if before:
        query = query.where(Signature.id < before)
    rows = list(db.session.scalars(query.order_by(Signature.id.desc()).limit(size + 1)))
    return Page(rows[:size], rows[size - 1].id if len(rows) > size else None)


def status_counts(slug: str) -> dict[str, int]:
    """How many signatures of ``slug`` are in each status (one GROUP BY)."""
    rows = db.session.execute(select(Signature.status, func.count(Signature.id))
                              .where(Signature.campaign == slug).group_by(Signature.status))
    return {status: count for status, count in rows}


#: The columns the export reads.
EXPORTED = (Signature.id, Signature.status, Signature.created_at, Signature.confirmed_at, Signature.email,
            Signature.fields, Signature.public_name, Signature.locale, Signature.referral,
            Signature.approved_at, Signature.reported_sent_at, Signature.invalidated_at, Signature.ip_hash,
            Signature.letter_edited)


def export_table(campaign: Campaign, statuses: Iterable[str] = (),
                 session: Session | None = None) -> tuple[list[str], Iterator[list[Any]]]:
    """The export's header, and its rows streamed one signature at a time from a server-side
    cursor (memory stays flat however many there are): every signature of ``campaign`` not
    erased (only those in ``statuses`` if given), with the campaign's fields (the personal
    paragraph among them, where the campaign allows one) and whether the signer edited the
    letter. ``session``
    (default: the app's) is one that outlives the request, for a streamed response."""
    names = [field.name for field in all_fields(campaign) if field.name != "email"]
    header = [*RECORD_COLUMNS_BEFORE, "email", *names, *RECORD_COLUMNS_AFTER]
    # plain columns, not ORM objects: a batch of rows weighs a few times less
    query = _exported(campaign, statuses).with_only_columns(*EXPORTED).order_by(Signature.id)
    rows = ([s.id, s.status, _stamp(s.created_at), _stamp(s.confirmed_at), s.email,
             *[(s.fields or {}).get(name) for name in names], s.public_name, s.locale, s.referral,
             _stamp(s.approved_at), _stamp(s.reported_sent_at), _stamp(s.invalidated_at), s.ip_hash, s.letter_edited]
            for s in (session or db.session).execute(query.execution_options(yield_per=500)))
    return header, rows


def export_count(campaign: Campaign, statuses: Iterable[str] = ()) -> int:
    """How many rows :func:`export_table` gives."""
    query = _exported(campaign, statuses).with_only_columns(func.count(Signature.id))
    return db.session.scalar(query) or 0


def _exported(campaign: Campaign, statuses: Iterable[str]):
    query = select(Signature).where(Signature.campaign == campaign.slug, Signature.erased_at.is_(None))
    statuses = list(statuses)
    if statuses:
        query = query.where(Signature.status.in_(statuses))
    return query


def _stamp(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}" if moment else ""
