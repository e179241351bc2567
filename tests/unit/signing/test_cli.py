"""Fraud tools for organizers (signing.cli): signing bursts by IP hash and e-mail domain, batch
invalidation that stops counting but keeps the rows, a CSV export that no spreadsheet runs as
formulas."""
from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import func, select, update

from tests.support.clients import cli, count_rows, hash_of
from tests.support.signing import STATE_DEPT_SIGNER
from undersigned.campaigns import counters
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.security.identity import canonical_email, ip_hash
from undersigned.signing import service
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"


def seed(app, signers: list[tuple[str, str, str | None]], minutes_ago: int = 5) -> list[int]:
    """Signatures written straight through the service: (e-mail, ip address, status)."""
    ids = []
    with app.test_request_context():
        campaign = registry_of().get(SLUG)
        for email, address, status in signers:
            values = dict(STATE_DEPT_SIGNER, email=email)
            signature = service.sign(campaign, values, email=email, email_canonical=canonical_email(email),
                                     locale="en", ip_hash=ip_hash(address), public_name=False, referral=None)
            if status == "confirmed":
                service.confirm(signature, campaign)
            ids.append(signature.id)
        stamp = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(minutes=minutes_ago)
        db.session.execute(update(Signature).where(Signature.id.in_(ids)).values(created_at=stamp))
        db.session.commit()
    return ids


def confirmed_count(app) -> int:
    with app.app_context():
        return counters.confirmed_count(SLUG)


# --- bursts -------------------------------------------------------------------------------------

def test_bursts_group_signatures_by_ip_hash_and_by_domain_per_window(app):
    bot = hash_of(app, "198.51.100.5")
    seed(app, [(f"bot{n}@mailinator.com", "198.51.100.5", None) for n in range(6)], minutes_ago=3)
    seed(app, [(f"p{n}@example.{n}.org", f"192.0.2.{n}", "confirmed") for n in range(3)], minutes_ago=3)
    seed(app, [("old@mailinator.com", "198.51.100.5", None)], minutes_ago=60 * 30)  # outside --since
    result = cli(app, "signatures", "bursts", SLUG, "--window", "10m", "--min", "3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["window", "(UTC)", "by", "key", "count", "confirmed", "spread"]
    rows = [line.split() for line in lines[1:]]
    by_ip = [row for row in rows if row[2] == "ip_hash"]
    by_domain = [row for row in rows if row[2] == "domain"]
    assert by_ip == [[by_ip[0][0], by_ip[0][1], "ip_hash", bot, "6", "0", "1"]]  # one IP, one domain
    assert by_domain == [[by_domain[0][0], by_domain[0][1], "domain", "mailinator.com", "6", "0", "1"]]
    # wider look-back and lower threshold show the old one and the confirmed singletons
    wide = cli(app, "signatures", "bursts", SLUG, "--since", "7d", "--min", "1", "--by", "domain").output
    assert wide.count("mailinator.com") == 2 and "example.0.org" in wide and "ip_hash" not in wide
    assert "no group" in cli(app, "signatures", "bursts", SLUG, "--min", "50").output
    assert cli(app, "signatures", "bursts", SLUG, "--window", "soon").exit_code != 0


# --- invalidation -----------------------------------------------------------------------------

def statuses(app) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(select(Signature.status, func.count()).group_by(Signature.status)).all())


def test_a_batch_by_ip_hash_is_invalidated_kept_and_uncounted(app):
    bot = hash_of(app, "198.51.100.5")
    seed(app, [(f"bot{n}@a.example", "198.51.100.5", "confirmed") for n in range(4)])
    seed(app, [(f"person{n}@b.example", f"192.0.2.{n}", "confirmed") for n in range(2)])
    assert confirmed_count(app) == 6
    dry = cli(app, "signatures", "invalidate", SLUG, "--ip-hash", bot, "--dry-run")
    assert "4 signatures match (4 confirmed, 0 pending)" in dry.output and confirmed_count(app) == 6
    refused = cli(app, "signatures", "invalidate", SLUG, "--ip-hash", bot, input="n\n")
    assert refused.exit_code != 0 and confirmed_count(app) == 6  # asked, said no
    done = cli(app, "signatures", "invalidate", SLUG, "--ip-hash", bot, input="y\n")
    assert done.exit_code == 0 and "invalidated 4; the count dropped by 4" in done.output
    assert confirmed_count(app) == 2
    assert statuses(app) == {"invalidated": 4, "confirmed": 2} and count_rows(app) == 6  # kept for audit
    with app.app_context():
        assert all(s.invalidated_at for s in db.session.scalars(select(Signature).where(Signature.ip_hash == bot)))


def test_a_batch_by_domain_and_time_window(app):
    seed(app, [("x1@spam.example", "192.0.2.1", None), ("x2@mx.spam.example", "192.0.2.2", "confirmed")],
         minutes_ago=5)
    seed(app, [("x3@spam.example", "192.0.2.3", None)], minutes_ago=120)
    seed(app, [("ok@notspam.example", "192.0.2.4", "confirmed")], minutes_ago=5)
    result = cli(app, "signatures", "invalidate", SLUG, "--domain", "spam.example", "--since", "1h", "--yes")
    assert result.exit_code == 0, result.output
    assert "2 signatures match (1 confirmed, 1 pending)" in result.output
    assert statuses(app) == {"invalidated": 2, "pending": 1, "confirmed": 1}
    assert confirmed_count(app) == 1
    until = cli(app, "signatures", "invalidate", SLUG, "--domain", "spam.example", "--until", "1h", "--yes")
    assert "1 signatures match" in until.output and statuses(app)["invalidated"] == 3
    again = cli(app, "signatures", "invalidate", SLUG, "--domain", "spam.example", "--yes")
    assert "0 signatures match" in again.output  # already invalidated ones are left alone


def test_invalidate_by_ids_still_works_and_a_bare_time_window_is_refused(app):
    ids = seed(app, [("a@example.org", "192.0.2.1", "confirmed"), ("b@example.org", "192.0.2.2", None)])
    assert cli(app, "signatures", "invalidate", SLUG, *map(str, ids)).exit_code == 0
    assert statuses(app) == {"invalidated": 2} and confirmed_count(app) == 0
    assert cli(app, "signatures", "invalidate", SLUG, str(ids[0])).exit_code != 0  # not twice
    assert cli(app, "signatures", "invalidate", SLUG, "--since", "1h", "--yes").exit_code != 0
    assert cli(app, "signatures", "invalidate", SLUG).exit_code != 0
    assert cli(app, "signatures", "invalidate", SLUG, "--ip-hash", "not-a-hash", "--yes").exit_code != 0


# --- export -------------------------------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1",
            "\r=1+1", " =1+1", "＝1+1", "=cmd|' /C calc'!A0"]


def test_the_export_neutralises_formulas_and_keeps_everything_else(app, tmp_path):
    with app.test_request_context():
        campaign = registry_of().get(SLUG)
        for n, formula in enumerate(FORMULAS):
            values = dict(STATE_DEPT_SIGNER, first_name=formula, last_name=f'Doe, "the {n}"', email=f"p{n}@example.org")
            service.sign(campaign, values, email=values["email"], email_canonical=values["email"], locale="ru",
                         ip_hash="0" * 32, public_name=True, referral="=ref")
    output = tmp_path / "export.csv"
    result = cli(app, "signatures", "export", SLUG, "--output", str(output))
    assert result.exit_code == 0, result.output
    assert (output.stat().st_mode & 0o777) == 0o600  # personal data: readable only by its owner
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so spreadsheets read Cyrillic right
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == len(FORMULAS)
    for row, formula in zip(table, FORMULAS):
        assert row["first_name"] == "'" + formula
        assert row["referral"] == "'=ref" and row["language"] == "ru" and row["public_name"] == "yes"
        assert row["email"].endswith("@example.org") and row["status"] == "pending"
    assert table[0]["last_name"] == 'Doe, "the 0"'  # quoted, not split
    for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")):
        for cell in row:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "＝", "\t", "\r")), cell
    stdout = cli(app, "signatures", "export", SLUG, "--status", "confirmed")
    assert stdout.exit_code == 0 and stdout.output.splitlines() == [stdout.output.splitlines()[0]]


