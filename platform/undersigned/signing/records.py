"""Reading a campaign's signatures for organizers: the list (paged by the console), the counts
per status and the CSV export's table."""
from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, Iterable, Iterator, Sequence

from sqlalchemy import Boolean, ColumnElement, Select, Text, case, column, func, select
from sqlalchemy.orm import Session

from undersigned.campaigns.fields import all_fields
from undersigned.contract import Campaign, FormField
from undersigned.extensions import db
from undersigned.signing.models import Signature


def signatures_of(slug: str, status: str | None = None) -> list[Signature]:
    """The signatures of ``slug`` (only those in ``status`` if given), oldest first."""
    query = select(Signature).where(Signature.campaign == slug).order_by(Signature.id)
    if status:
        query = query.where(Signature.status == status)
    return list(db.session.scalars(query))


def listing(slug: str, *, status: str | None = None, since: dt.datetime | None = None,
            until: dt.datetime | None = None) -> Select:
    """The signatures of ``slug`` (in ``status``, made from ``since`` and before ``until`` if
    given), as a query in no order: the console pages it by id (keyset pages, read by the index
    on campaign, status and id, as quick on the thousandth page as on the first)."""
    return _filtered(select(Signature), slug, status, since, until)


def count_of(slug: str, *, status: str | None = None, since: dt.datetime | None = None,
             until: dt.datetime | None = None) -> int:
    """How many signatures :func:`listing` finds with the same filters."""
    return db.session.scalar(_filtered(select(func.count(Signature.id)), slug, status, since, until)) or 0


def _filtered(query: Select, slug: str, status: str | None, since: dt.datetime | None,
              until: dt.datetime | None) -> Select:
    query = query.where(Signature.campaign == slug)
    if status:
        query = query.where(Signature.status == status)
    if since:
        query = query.where(Signature.created_at >= since)
    if until:
        query = query.where(Signature.created_at < until)
    return query


def status_counts(slug: str) -> dict[str, int]:
    """How many signatures of ``slug`` are in each status (one GROUP BY)."""
    rows = db.session.execute(select(Signature.status, func.count(Signature.id))
                              .where(Signature.campaign == slug).group_by(Signature.status))
    return {status: count for status, count in rows}


#: Signatures fetched from the cursor at a time.
EXPORT_BATCH = 500
#: The signature's own columns in the export, before and after the signer's fields.
RECORD_COLUMNS_BEFORE = ("id", "status", "created_at", "confirmed_at")
RECORD_COLUMNS_AFTER = ("public_name", "language", "referral", "approved_at", "reported_sent_at",
                        "invalidated_at", "ip_hash", "letter_edited")
#: How the export heads a field the campaign defines: its name is the plugin's, so it never
#: meets a column of the platform's (a ``status`` field is ``field:status``, beside ``status``).
OWN_FIELD_COLUMN = "field:{}"


def export_table(campaign: Campaign, statuses: Iterable[str] = (),
                 session: Session | None = None) -> tuple[list[str], Iterator[Sequence[Any]]]:
    """The export's header, and its rows streamed from a server-side cursor (memory stays flat
    however many there are): every signature of ``campaign`` not erased (only those in
    ``statuses`` if given), with the signer's fields (the personal paragraph among them, where
    the campaign allows one; the campaign's own headed ``field:<name>``, :func:`column_of`) and
    whether the signer edited the letter. The database hands each cell over as text (times,
    fields, yes/no), so a row needs no Python of its own. ``session`` (default: the app's) is
    one that outlives the request, for a streamed response."""
    session = session or db.session
    fields = [field for field in all_fields(campaign) if field.name != "email"]
    header = [*RECORD_COLUMNS_BEFORE, "email", *[column_of(campaign, field) for field in fields],
              *RECORD_COLUMNS_AFTER]
    dialect = session.get_bind().dialect.name
    stamp = _stamp if dialect == "postgresql" else _sqlite_stamp
    columns = (Signature.id, Signature.status, stamp(Signature.created_at), stamp(Signature.confirmed_at),
               Signature.email, *_field_columns(fields, dialect),
               _yes_no(Signature.public_name), Signature.locale, Signature.referral, stamp(Signature.approved_at),
               stamp(Signature.reported_sent_at), stamp(Signature.invalidated_at), Signature.ip_hash,
               _yes_no(Signature.letter_edited))
    query = _exported(campaign, statuses).with_only_columns(*columns).order_by(Signature.id)
    # Core rows, not the ORM's: nothing to track, no row-by-row Python
    result = session.connection().execute(query.execution_options(yield_per=EXPORT_BATCH))
    return header, itertools.chain.from_iterable(result.partitions())


def column_of(campaign: Campaign, field: FormField) -> str:
    """The export's heading for ``field``: the shared fields (``first_name``...) by their name,
    the campaign's own as ``field:<name>``."""
    return OWN_FIELD_COLUMN.format(field.name) if field in campaign.fields else field.name


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


def _stamp(column) -> ColumnElement[str]:
    """``column`` (a time) as ``YYYY-MM-DD HH:MM:SS`` on PostgreSQL; empty if none."""
    return func.coalesce(func.to_char(column, "YYYY-MM-DD HH24:MI:SS"), "")


def _sqlite_stamp(column) -> ColumnElement[str]:
    return func.coalesce(func.strftime("%Y-%m-%d %H:%M:%S", column), "")


def _yes_no(column) -> ColumnElement[str]:
    return case((column.is_(True), "yes"), (column.is_(False), "no"))


def _field_columns(fields: list[FormField], dialect: str) -> list[ColumnElement]:
    """Each form field's value as text, a checkbox's as yes or no (what the sign form stores:
    text, and true or false for a checkbox). PostgreSQL reads a row's fields once, into a
    record of them all: ``->>`` on a JSON column would parse the whole object again for each."""
    if dialect == "postgresql":
        shape = [column(field.name, Boolean if field.type == "checkbox" else Text) for field in fields]
        an_object = case((func.json_typeof(Signature.fields) == "object", Signature.fields))  # not JSON null
        record = (func.json_to_record(an_object).table_valued(*shape, joins_implicitly=True)
                  .render_derived("signer", with_types=True))
        values = [record.c[field.name] for field in fields]
    else:
        values = [Signature.fields[field.name].as_boolean() if field.type == "checkbox"
                  else Signature.fields[field.name].as_string() for field in fields]
    return [_yes_no(value) if field.type == "checkbox" else value for field, value in zip(fields, values)]
