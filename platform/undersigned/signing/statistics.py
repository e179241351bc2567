"""A campaign's confirmed signatures counted from the rows: per day or hour, and by country, US
state, language and referral code, from which ``flask signatures recount`` rebuilds the charts'
bars (:mod:`undersigned.signing.tallies`). Each is one GROUP BY in the database, never rows loaded.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from undersigned.extensions import db
from undersigned.signing.models import CONFIRMED, Signature

Counts = list[tuple[str, int]]


def per_day(slug: str) -> Counts:
    """Confirmed signatures of ``slug`` by the UTC day they were made (``YYYY-MM-DD``), oldest first."""
    return _grouped(slug, _truncated("day"))


def per_hour(slug: str, since: dt.datetime | None = None) -> Counts:
    """Confirmed signatures of ``slug`` (made since ``since``, if given), by UTC hour (``YYYY-MM-DD HH:00``)."""
    return _grouped(slug, _truncated("hour"), *([Signature.created_at >= since] if since else []))


def by_field(slug: str, name: str) -> Counts:
    """Confirmed signatures of ``slug`` by the value of their form field ``name`` (a country
    code, a US state), most first; signatures without it are left out."""
    value = Signature.fields[name].as_string()
    return _grouped(slug, value, value.is_not(None), value != "", by_count=True)


def by_language(slug: str) -> Counts:
    """Confirmed signatures of ``slug`` by the language they were signed in, most first."""
    return _grouped(slug, Signature.locale, by_count=True)


def by_referral(slug: str) -> Counts:
    """Confirmed signatures of ``slug`` by the referral code they came through, most first."""
    return _grouped(slug, Signature.referral, Signature.referral.is_not(None), by_count=True)


def confirmed(slug: str) -> int:
    """How many signatures of ``slug`` are confirmed."""
    return db.session.scalar(select(func.count(Signature.id))
                             .where(Signature.campaign == slug, Signature.status == CONFIRMED)) or 0


def reported_sent(slug: str) -> int:
    """How many supporters of ``slug`` reported sending their letter themselves."""
    return db.session.scalar(select(func.count(Signature.id))
                             .where(Signature.campaign == slug, Signature.reported_sent_at.is_not(None))) or 0


def _truncated(unit: str):
    """``Signature.created_at`` cut to its day or hour, as text, on SQLite and PostgreSQL."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(Signature.created_at, "YYYY-MM-DD" if unit == "day" else "YYYY-MM-DD HH24:00")
    return func.strftime("%Y-%m-%d" if unit == "day" else "%Y-%m-%d %H:00", Signature.created_at)


def _grouped(slug: str, key, *conditions, by_count: bool = False) -> Counts:
    # grouped over a subquery's column: PostgreSQL would see the key's bound parameters (a JSON
    # path, a date format) in SELECT and GROUP BY as two different expressions
    keys = (select(key.label("key"))
            .where(Signature.campaign == slug, Signature.status == CONFIRMED, *conditions).subquery())
    count = func.count()
    query = select(keys.c.key, count).group_by(keys.c.key)
    query = query.order_by(count.desc(), keys.c.key) if by_count else query.order_by(keys.c.key)
    return [(str(label), int(total)) for label, total in db.session.execute(query)]
