"""The charts' numbers kept as signatures change (``signing/tallies.py``): confirming adds to
each bar, withdrawing or invalidating a confirmed signature takes away from it, erasing changes
nothing, and after each step the kept numbers are exactly what ``flask signatures recount``
rebuilds from the rows, on each database backend."""
from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import insert

from tests.support.clients import cli
from undersigned.campaigns import counters
from undersigned.contract import utcnow
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.privacy import service as privacy
from undersigned.signing import service, tallies
from undersigned.signing.models import CONFIRMED, Signature

STATE = "belarus_state_dept"
CHARTS = (tallies.DAY, tallies.HOUR, tallies.COUNTRY, tallies.US_STATE, tallies.LANGUAGE, tallies.REFERRAL)
NOW = dt.datetime(2026, 11, 20, 12, 30)


def kept(slug: str) -> dict[str, object]:
    """Every number the charts and the count read, as kept."""
    counters._cache.forget(slug)
    numbers: dict[str, object] = {chart: dict(counters.bars(slug, chart)) for chart in CHARTS}
    numbers["confirmed"] = counters.confirmed_count(slug)
    return numbers


def recounted(slug: str) -> dict[str, object]:
    """The same numbers rebuilt from the rows (rolled back: the kept ones stay as they were)."""
    tallies.recount(registry_of().get(slug))
    numbers = kept(slug)
    db.session.rollback()
    counters._cache.forget(slug)
    return numbers


def signed(n: int, *, country: str, state: str | None, locale: str, referral: str | None) -> Signature:
    campaign = registry_of().get(STATE)
    fields = {"first_name": f"Name{n}", "last_name": "Signer", "letter_name": f"Name{n} Signer",
              "country": country, **({"us_state": state} if state else {})}
    return service.sign(campaign, fields, email=f"signer{n}@example.org", email_canonical=f"signer{n}@example.org",
                        locale=locale, ip_hash=f"hash{n}", public_name=False, referral=referral)


def test_kept_numbers_equal_a_recount_after_confirm_withdraw_erase_and_remove(backend_app):
    with backend_app.test_request_context():
        campaign = registry_of().get(STATE)
        first = signed(1, country="US", state="OR", locale="en", referral="radio")
        second = signed(2, country="US", state="NY", locale="ru", referral="radio")
        third = signed(3, country="BY", state=None, locale="be", referral=None)
        pending = signed(4, country="LT", state=None, locale="en", referral="paper")
        assert kept(STATE)["confirmed"] == 0 and kept(STATE) == recounted(STATE)

        for signature in (first, second, third):
            assert service.confirm(signature, campaign)
        numbers = kept(STATE)
        assert numbers == recounted(STATE)
        assert numbers["confirmed"] == 3
        assert numbers[tallies.COUNTRY] == {"US": 2, "BY": 1}
        assert numbers[tallies.US_STATE] == {"OR": 1, "NY": 1}
        assert numbers[tallies.LANGUAGE] == {"en": 1, "ru": 1, "be": 1}
        assert numbers[tallies.REFERRAL] == {"radio": 2}  # the pending one's "paper" not yet
        assert sum(numbers[tallies.DAY].values()) == 3

        privacy.anonymise(third, campaign)  # erased: the count and its country stay
        db.session.commit()
        assert kept(STATE) == numbers == recounted(STATE)

        assert privacy.withdraw(first, campaign)  # withdrawn (and erased) by its signer
        assert service.remove(second, campaign, "invalidated")  # removed by an organizer
        assert privacy.withdraw(pending, campaign)  # never counted: nothing to take away
        numbers = kept(STATE)
        assert numbers == recounted(STATE)
        assert numbers["confirmed"] == 1
        assert numbers[tallies.COUNTRY] == {"BY": 1} and numbers[tallies.US_STATE] == {}
        assert numbers[tallies.REFERRAL] == {} and numbers[tallies.LANGUAGE] == {"be": 1}

        assert service.reinstate(second, campaign, audit="signature.restore")  # the removal undone
        numbers = kept(STATE)
        assert numbers == recounted(STATE)
        assert numbers["confirmed"] == 2 and numbers[tallies.US_STATE] == {"NY": 1}


def test_recount_rebuilds_the_numbers_of_imported_rows(backend_app):
    with backend_app.app_context():
        db.session.execute(insert(Signature), [
            {"public_id": f"p{n}", "share_code": f"s{n}", "campaign": STATE, "email": f"i{n}@example.org",
             "email_canonical": f"i{n}@example.org", "fields": {"country": "PL"}, "locale": "en",
             "status": CONFIRMED if n < 5 else "pending", "created_at": NOW - dt.timedelta(hours=n)}
            for n in range(7)])
        db.session.commit()
        assert kept(STATE)["confirmed"] == 0

    result = cli(backend_app, "signatures", "recount", STATE)
    assert result.exit_code == 0, result.output
    assert f"{STATE}: 5 confirmed" in result.output
    with backend_app.app_context():
        numbers = kept(STATE)
        assert numbers["confirmed"] == 5 and numbers[tallies.COUNTRY] == {"PL": 5}
        assert numbers[tallies.HOUR] == {f"{NOW - dt.timedelta(hours=n):%Y-%m-%d %H}:00": 1 for n in range(5)}
        assert numbers[tallies.DAY] == {"2026-11-20": 5}


def test_the_country_bars_follow_the_field_of_type_country_whatever_its_name(app):
    seed = registry_of(app).get(STATE)
    campaign = dataclasses.replace(seed, fields=(dataclasses.replace(seed.fields[0], name="residence", type="country"),))
    with app.app_context():
        signature = Signature(campaign=STATE, email="a@example.org", email_canonical="a@example.org",
                              fields={"residence": "PL", "country": "home"}, locale="en", created_at=NOW)
        assert tallies.keys_of(signature, campaign)[tallies.COUNTRY] == "PL"
        assert tallies.US_STATE not in tallies.keys_of(signature, campaign)


def test_a_surge_is_most_of_the_signatures_in_the_last_48_hours(backend_app):
    with backend_app.app_context():
        long_ago = utcnow() - dt.timedelta(days=10)
        rows = [{"public_id": f"p{n}", "share_code": f"s{n}", "campaign": STATE, "email_canonical": f"o{n}@example.org",
                 "fields": {}, "status": CONFIRMED, "created_at": long_ago} for n in range(50)]
        db.session.execute(insert(Signature), rows)
        tallies.recount(registry_of().get(STATE))
        db.session.commit()
        assert not tallies.surging(STATE)
        db.session.execute(insert(Signature), [
            {"public_id": f"n{n}", "share_code": f"t{n}", "campaign": STATE, "email_canonical": f"n{n}@example.org",
             "fields": {}, "status": CONFIRMED, "created_at": utcnow()} for n in range(tallies.SURGE_MINIMUM)])
        tallies.recount(registry_of().get(STATE))
        db.session.commit()
        assert tallies.surging(STATE)
