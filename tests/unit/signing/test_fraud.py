"""The fraud service (``signing/fraud.py``) that the CLI and the console share: bursts, batch
selection and invalidation, block lists. The CLI's own wording is in ``tests/test_fraud.py``."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from tests.support.signing import STATE_DEPT_SIGNER
from undersigned.campaigns import counters
from undersigned.contract import utcnow
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.security.identity import canonical_email, ip_hash
from undersigned.signing import fraud, service
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"
BOT, PERSON = "198.51.100.5", "192.0.2.1"


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield app


def seed(signers: list[tuple[str, str, bool]], minutes_ago: int = 5) -> list[int]:
    """Signatures through the service: (e-mail, IP address, confirmed), made ``minutes_ago``."""
    campaign = registry_of().get(SLUG)
    ids = []
    for email, address, confirmed in signers:
        signature = service.sign(campaign, dict(STATE_DEPT_SIGNER, email=email), email=email,
                                 email_canonical=canonical_email(email), locale="en",
                                 ip_hash=ip_hash(address), public_name=False, referral=None)
        if confirmed:
            service.confirm(signature, campaign)
        ids.append(signature.id)
    db.session.execute(update(Signature).where(Signature.id.in_(ids))
                       .values(created_at=utcnow() - dt.timedelta(minutes=minutes_ago)))
    db.session.commit()
    return ids


@pytest.mark.parametrize("text, expected", [("10m", dt.timedelta(minutes=10)), ("2H", dt.timedelta(hours=2)),
                                            ("7d", dt.timedelta(days=7)), ("1w", dt.timedelta(weeks=1))])
def test_durations_are_read_as_organizers_write_them(text, expected):
    assert fraud.parse_duration(text) == expected


@pytest.mark.parametrize("text", ["soon", "0m", "10", "m10", ""])
def test_a_bad_duration_is_refused_with_an_example(text):
    with pytest.raises(ValueError, match="e.g. 10m or 24h"):
        fraud.parse_duration(text)


def test_a_moment_is_a_utc_time_or_a_time_ago():
    assert fraud.parse_when("2026-11-23T10:00+02:00") == dt.datetime(2026, 11, 23, 8, 0)
    assert abs(fraud.parse_when("2h") - (utcnow() - dt.timedelta(hours=2))) < dt.timedelta(seconds=5)


def test_bursts_group_by_ip_hash_and_domain_busiest_first(ctx):
    seed([(f"bot{n}@mailinator.com", BOT, False) for n in range(4)])
    seed([("a@example.org", PERSON, True), ("b@other.example", PERSON, False)])
    seed([("old@mailinator.com", BOT, False)], minutes_ago=60 * 30)  # before ``since``

    found = fraud.bursts(SLUG, window=dt.timedelta(minutes=10), since=utcnow() - dt.timedelta(hours=24), minimum=2)

    assert [(b.by, b.key, b.count, b.confirmed, b.spread) for b in found] == [
        ("domain", "mailinator.com", 4, 0, 1),
        ("ip_hash", ip_hash(BOT), 4, 0, 1),
        ("ip_hash", ip_hash(PERSON), 2, 1, 2),  # one client, two e-mail domains
    ]
    assert all(b.window <= utcnow() - dt.timedelta(minutes=5) < b.window + dt.timedelta(minutes=10) for b in found)
    by_domain = fraud.bursts(SLUG, window=dt.timedelta(days=7), since=utcnow() - dt.timedelta(days=7),
                             minimum=5, by="domain")
    assert [(b.by, b.key, b.count) for b in by_domain] == [("domain", "mailinator.com", 5)]


def test_a_batch_is_chosen_by_ip_hash_or_domain_within_a_time_window(ctx):
    recent_bots = seed([("x1@spam.example", BOT, False), ("x2@mx.spam.example", PERSON, True)])
    older = seed([("x3@spam.example", PERSON, False)], minutes_ago=120)
    seed([("ok@notspam.example", PERSON, True)])
    hour_ago = utcnow() - dt.timedelta(hours=1)

    ids = lambda signatures: [s.id for s in signatures]  # noqa: E731
    assert ids(fraud.select_batch(SLUG, domains=["@SPAM.example"], since=hour_ago)) == recent_bots
    assert ids(fraud.select_batch(SLUG, domains=["spam.example"], until=hour_ago)) == older
    assert ids(fraud.select_batch(SLUG, ip_hashes=[ip_hash(BOT).upper()])) == recent_bots[:1]
    assert ids(fraud.select_batch(SLUG, ids=older, domains=["spam.example"])) == older
    with pytest.raises(ValueError):
        fraud.select_batch(SLUG, ip_hashes=["1.2.3.4"])  # never a raw IP


def test_invalidating_a_batch_keeps_the_rows_and_lowers_the_count(ctx):
    bots = seed([(f"bot{n}@a.example", BOT, True) for n in range(3)])
    seed([("person@b.example", PERSON, True)])
    campaign = registry_of().get(SLUG)

    assert fraud.invalidate(campaign, fraud.select_batch(SLUG, ip_hashes=[ip_hash(BOT)])) == 3
    assert counters.confirmed_count(SLUG) == 1
    assert {s.id: s.status for s in db.session.scalars(select(Signature).where(Signature.id.in_(bots)))} == \
        dict.fromkeys(bots, "invalidated")
    assert fraud.select_batch(SLUG, ip_hashes=[ip_hash(BOT)]) == []  # already invalidated: left alone


def test_invalidating_by_ids_reports_which_were_not(ctx):
    first, second = seed([("a@example.org", BOT, True), ("b@example.org", PERSON, False)])
    campaign = registry_of().get(SLUG)

    assert fraud.invalidate_ids(campaign, [first, 999_999]) == ([first], [999_999])
    assert fraud.invalidate_ids(campaign, [first, second]) == ([second], [first])  # not twice
    other = registry_of().get("belarus_senate")
    assert fraud.invalidate_ids(other, [second]) == ([], [second])  # another campaign's id


def test_block_lists_keep_cleaned_values_and_refuse_garbage(ctx):
    assert fraud.block_domain("@Spam.Example", note="bots") == ("spam.example", True)
    assert fraud.block_domain("spam.example") == ("spam.example", False)
    assert fraud.block_ip_hash(ip_hash(BOT).upper()) == (ip_hash(BOT), True)
    with pytest.raises(ValueError):
        fraud.block_domain("not a domain")
    with pytest.raises(ValueError):
        fraud.block_ip_hash("1.2.3.4")
    assert [(b.kind, b.value, b.note) for b in fraud.blocks()] == [
        ("domain", "spam.example", "bots"), ("ip_hash", ip_hash(BOT), None)]

    assert fraud.unblock("SPAM.example") == ["domain"]
    assert fraud.unblock(ip_hash(BOT)) == ["ip_hash"]
    assert fraud.unblock(ip_hash(BOT)) == []
    assert fraud.blocks() == []
