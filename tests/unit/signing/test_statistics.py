"""The numbers behind the console's charts (``signing/statistics.py``), counted by GROUP BY on
each database backend, checked against the rows themselves."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from tests.unit.console.campaigns.conftest import STATE, insert_signatures
from undersigned.extensions import db
from undersigned.signing import statistics
from undersigned.signing.models import CONFIRMED, Signature

NOW = dt.datetime(2026, 11, 20, 12, 30)


def rows() -> list[dict]:
    made = []
    for n in range(40):
        made.append({"created_at": NOW - dt.timedelta(hours=7 * n), "locale": ("en", "ru", "be")[n % 3],
                     "fields": {"first_name": "A", "last_name": str(n), "country": ("US", "BY", "LT")[n % 3],
                                **({"us_state": ("OR", "NY")[n % 2]} if n % 3 == 0 else {})},
                     "status": CONFIRMED if n % 5 else "pending"})
    return made


def test_the_charts_numbers_match_the_rows(backend_app):
    with backend_app.app_context():
        insert_signatures(STATE, rows())
        insert_signatures("belarus_senate", [{"fields": {"country": "US"}}])
        kept = [s for s in db.session.scalars(db.select(Signature).filter_by(campaign=STATE, status=CONFIRMED))]

        assert statistics.per_day(STATE) == sorted(Counter(f"{s.created_at:%Y-%m-%d}" for s in kept).items())
        since = NOW - dt.timedelta(hours=48)
        assert statistics.per_hour(STATE, since) == sorted(
            Counter(f"{s.created_at:%Y-%m-%d %H}:00" for s in kept if s.created_at >= since).items())
        countries = Counter(s.fields["country"] for s in kept)
        assert dict(statistics.by_field(STATE, "country")) == countries
        assert [n for _code, n in statistics.by_field(STATE, "country")] == sorted(countries.values(), reverse=True)
        assert dict(statistics.by_field(STATE, "us_state")) == Counter(
            s.fields["us_state"] for s in kept if "us_state" in s.fields)
        assert dict(statistics.by_language(STATE)) == Counter(s.locale for s in kept)

