"""Numbers for organizers' charts: a campaign's confirmed signatures per day or hour, and by
country, US state and language. Each is one GROUP BY in the database, never rows loaded.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from undersigned.contract import utcnow
from undersigned.extensions import db
from undersigned.signing.models import CONFIRMED, Signature

#: The window in which a surge switches the signatures chart to hours.
SURGE_WINDOW = dt.timedelta(hours=48)
#: A surge: at least this many confirmed signatures made in the window...
SURGE_MINIMUM = 100
#: ...and at least this share of all of them.
SURGE_SHARE = 0.5

Counts = list[tuple[str, int]]


def per_day(slug: str) -> Counts:
    """Confirmed signatures of ``slug`` by the UTC day they were made (``YYYY-MM-DD``), oldest first."""
    return _grouped(slug, _truncated("day"))


def per_hour(slug: str, since: dt.datetime) -> Counts:
    """Confirmed signatures of ``slug`` made since ``since``, by UTC hour (``YYYY-MM-DD HH:00``)."""
    return _grouped(slug, _truncated("hour"), Signature.created_at >= since)


def by_field(slug: str, name: str) -> Counts:
    """Confirmed signatures of ``slug`` by the value of their form field ``name`` (a country
    code, a US state), most first; signatures without it are left out."""
    value = Signature.fields[name].as_string()
    return _grouped(slug, value, value.is_not(None), value != "", by_count=True)


def by_language(slug: str) -> Counts:
    """Confirmed signatures of ``slug`` by the language they were signed in, most first."""
    return _grouped(slug, Signature.locale, by_count=True)


def surging(slug: str, now: dt.datetime | None = None) -> bool:
    """Whether the last 48 hours hold a surge of ``slug``'s confirmed signatures."""
    since = (now or utcnow()) - SURGE_WINDOW
    recent = func.count(Signature.id).filter(Signature.created_at >= since)
    total, latest = db.session.execute(
        select(func.count(Signature.id), recent)
        .where(Signature.campaign == slug, Signature.status == CONFIRMED)).one()
    return latest >= SURGE_MINIMUM and latest >= SURGE_SHARE * total


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
