"""Sharded counters: confirmations add to one of N rows picked at random, so a surge never
queues on a single hot row; reading a count sums N small rows (cached briefly), never the
signatures themselves. The bars of a campaign's charts (:class:`Tally`) are kept the same way:
:func:`tally` in the transaction that changes a signature, :func:`bars` to read a chart, and
:func:`replace` when ``flask signatures recount`` rebuilds them from the rows."""
from __future__ import annotations

import random
import threading
import time

from flask import current_app
from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from undersigned.campaigns.models import Counter, Tally
from undersigned.extensions import db

CONFIRMED = "confirmed"
REPORTED_SENT = "reported_sent"
#: Letters the mail server accepted (alone or carried by a digest), added by the outbox worker.
DELIVERED = "delivered"


def add(campaign: str, name: str, delta: int = 1) -> None:
    """Add ``delta`` inside the caller's transaction (the caller commits)."""
    statement = _upsert(Counter).values(campaign=campaign, name=name, shard=_shard(), value=delta)
    statement = statement.on_conflict_do_update(
        index_elements=["campaign", "name", "shard"], set_={"value": Counter.value + delta})
    db.session.execute(statement)
    _cache.forget(campaign)


def tally(campaign: str, keys: dict[str, str], delta: int) -> None:
    """Add ``delta`` to one bar of each chart named in ``keys`` (chart: bar), in one statement
    inside the caller's transaction."""
    if not keys:
        return
    shard = _shard()
    statement = _upsert(Tally).values([{"campaign": campaign, "chart": chart, "key": key, "shard": shard,
                                        "value": delta} for chart, key in keys.items()])
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["campaign", "chart", "key", "shard"], set_={"value": Tally.value + delta}))


def bars(campaign: str, chart: str, *, since: str | None = None, limit: int | None = None,
         by_count: bool = False) -> list[tuple[str, int]]:
    """The bars of ``chart`` that are above zero (those from ``since`` on, if given): by key, or
    most first with ``by_count`` (the first ``limit``)."""
    query = bars_query(campaign, chart, since=since, by_count=by_count)
    return [(key, int(value)) for key, value in db.session.execute(query.limit(limit))]


def bars_query(campaign: str, chart: str, *, since: str | None = None, by_count: bool = False) -> Select:
    """:func:`bars` as a query of (key, value) rows, to read a page at a time."""
    total = func.sum(Tally.value)
    query = (select(Tally.key, total).where(Tally.campaign == campaign, Tally.chart == chart)
             .group_by(Tally.key).having(total > 0))
    if since is not None:
        query = query.where(Tally.key >= since)
    return query.order_by(total.desc(), Tally.key) if by_count else query.order_by(Tally.key)


def bar_count(campaign: str, chart: str) -> tuple[int, int]:
    """How many bars of ``chart`` are above zero, and their sum, in one pass."""
    keys = (select(func.sum(Tally.value).label("value")).where(Tally.campaign == campaign, Tally.chart == chart)
            .group_by(Tally.key).having(func.sum(Tally.value) > 0).subquery())
    count, total = db.session.execute(select(func.count(), func.sum(keys.c.value))).one()
    return int(count or 0), int(total or 0)


def replace(campaign: str, totals: dict[str, int], charts: dict[str, list[tuple[str, int]]]) -> None:
    """Set the counters named in ``totals`` and every bar of every chart of ``campaign`` to the
    numbers given (one row each), inside the caller's transaction."""
    db.session.execute(delete(Counter).where(Counter.campaign == campaign, Counter.name.in_(list(totals))))
    db.session.execute(delete(Tally).where(Tally.campaign == campaign))
    counts = [{"campaign": campaign, "name": name, "shard": 0, "value": value} for name, value in totals.items()]
    if counts:
        db.session.execute(insert(Counter), counts)
    rows = [{"campaign": campaign, "chart": chart, "key": key, "shard": 0, "value": value}
            for chart, values in charts.items() for key, value in values]
    if rows:
        db.session.execute(insert(Tally), rows)
    _cache.forget(campaign)


def _shard() -> int:
    return random.randrange(current_app.config["COUNTER_SHARDS"])


def _upsert(table):
    """An INSERT of ``table`` that takes ``on_conflict_do_update`` on PostgreSQL and SQLite."""
    return (pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert)(table)


def totals(campaign: str) -> dict[str, int]:
    """Every counter of ``campaign``, at most ``COUNT_CACHE_SECONDS`` old."""
    cached = _cache.get(campaign)
    if cached is not None:
        return cached
    rows = db.session.execute(
        select(Counter.name, func.sum(Counter.value)).where(Counter.campaign == campaign)
        .group_by(Counter.name)).all()
    result = {name: int(total) for name, total in rows}
    _cache.put(campaign, result)
    return result


def confirmed_count(campaign: str) -> int:
    return totals(campaign).get(CONFIRMED, 0)


class _TotalsCache:
    """A per-process cache: a page view under a surge reads the database at most once per TTL."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[int, str], tuple[float, dict[str, int]]] = {}

    def _key(self, campaign: str) -> tuple[int, str]:
        return id(current_app._get_current_object()), campaign

    def get(self, campaign: str) -> dict[str, int] | None:
        entry = self._entries.get(self._key(campaign))
        ttl = current_app.config["COUNT_CACHE_SECONDS"]
        if entry and time.monotonic() - entry[0] < ttl:
            return entry[1]
        return None

    def put(self, campaign: str, value: dict[str, int]) -> None:
        with self._lock:
            self._entries[self._key(campaign)] = (time.monotonic(), value)

    def forget(self, campaign: str) -> None:
        with self._lock:
            self._entries.pop(self._key(campaign), None)


_cache = _TotalsCache()
