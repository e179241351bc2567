"""Many signatures, fast: ``COPY`` on PostgreSQL, ``executemany`` on SQLite, with the counter
rows a real campaign would have (so pages read the same count they would after a surge)."""
from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Iterator

from sqlalchemy import delete, text

from undersigned.campaigns.counters import CONFIRMED
from undersigned.campaigns.models import Counter
from undersigned.extensions import db

COLUMNS = ("public_id", "campaign", "email", "email_canonical", "fields", "locale", "status", "public_name",
           "share_code", "ip_hash", "letter_edited", "created_at", "confirmed_at", "approved_at")
FIELDS = {"first_name": "Jane", "last_name": "Doe", "letter_name": "Jane Doe", "country": "US", "us_state": "NY",
          "title": "State Senator", "organization": "Oregon State Senate"}


def rows(slug: str, count: int, *, approved: bool) -> Iterator[tuple]:
    """``count`` confirmed signatures of ``slug`` (approved co-signers if ``approved``), a second
    apart, with unique public ids and share codes; dates as text both databases read."""
    start = dt.datetime(2026, 1, 1)
    fields = json.dumps(FIELDS)
    for n in range(count):
        moment = f"{start + dt.timedelta(seconds=n):%Y-%m-%d %H:%M:%S}"
        email = f"seed{n}@example.org"
        yield (f"{slug[-12:]}{n:012d}", slug, email, email, fields, "en", "confirmed", n % 2 == 0, f"{slug[-4:]}{n:x}",
               f"{n % 5000:032x}", False, moment, moment, moment if approved else None)


def seed(slug: str, count: int, *, approved: bool = False, shards: int = 16) -> None:
    """Add ``count`` confirmed signatures to ``slug`` and its confirmed counter."""
    connection = db.session.connection()
    raw = connection.connection.driver_connection
    data = rows(slug, count, approved=approved)
    if connection.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY signatures ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in data:
                copy.write_row(row)
    else:
        insert = f"INSERT INTO signatures ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
        while chunk := list(itertools.islice(data, 50_000)):
            raw.executemany(insert, chunk)
    db.session.execute(delete(Counter).where(Counter.campaign == slug, Counter.name == CONFIRMED))
    db.session.add_all(Counter(campaign=slug, name=CONFIRMED, shard=shard,
                               value=count // shards + (1 if shard < count % shards else 0)) for shard in range(shards))
    db.session.commit()
    if connection.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE signatures"))
        db.session.commit()
