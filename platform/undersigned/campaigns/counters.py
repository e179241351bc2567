"""Sharded counters: confirmations add to one of N rows picked at random, so a surge never
queues on a single hot row; reading a count sums N small rows (cached briefly), never the
signatures themselves."""
from __future__ import annotations

import random
import threading
import time

from flask import current_app
from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from undersigned.campaigns.models import Counter
from undersigned.contract import Campaign
from undersigned.extensions import db

CONFIRMED = "confirmed"
REPORTED_SENT = "reported_sent"
#: Letters the mail server accepted (alone or carried by a digest), added by the outbox worker.
DELIVERED = "delivered"
#: Field types whose answer is a place: confirmed signatures are also counted per answer, under
#: ``<type>:<code>`` (``country:US``, ``us_state:OR``), so counts by place never scan signatures.
PLACE_TYPES = ("country", "us_state")


def add(campaign: str, name: str, delta: int = 1) -> None:
    """Add ``delta`` inside the caller's transaction (the caller commits)."""
    shard = random.randrange(current_app.config["COUNTER_SHARDS"])
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Counter).values(campaign=campaign, name=name, shard=shard, value=delta)
    statement = statement.on_conflict_do_update(
        index_elements=["campaign", "name", "shard"], set_={"value": Counter.value + delta})
    db.session.execute(statement)
    _cache.forget(campaign)


def add_places(campaign: Campaign, fields: dict[str, object], delta: int) -> None:
    """Add ``delta`` to the place counters of a signature with ``fields`` (its answers), inside
    the caller's transaction, as :func:`add` does."""
    for spec in campaign.fields:
        value = fields.get(spec.name)
        name = f"{spec.type}:{value}"
        if spec.type in PLACE_TYPES and isinstance(value, str) and value and len(name) <= 32:
            add(campaign.slug, name, delta)


def places(totals: dict[str, int], place_type: str) -> dict[str, int]:
    """The counts by place of ``place_type`` among a campaign's ``totals``: code -> count."""
    prefix = f"{place_type}:"
    return {name[len(prefix):]: value for name, value in sorted(totals.items())
            if name.startswith(prefix) and value > 0}


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


def recount_places(campaign: Campaign, confirmed_fields: list[dict[str, object]]) -> None:
    """Set ``campaign``'s place counters from the answers of its confirmed signatures (for
    signatures confirmed before these counters existed), committed. Run it while the campaign is
    quiet: a confirmation during the recount may be counted twice or not at all."""
    db.session.execute(delete(Counter).where(Counter.campaign == campaign.slug,
                                             or_(*(Counter.name.startswith(f"{kind}:") for kind in PLACE_TYPES))))
    for fields in confirmed_fields:
        add_places(campaign, fields, 1)
    db.session.commit()
