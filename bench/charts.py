"""The console's charts page and each chart picture at many signatures on PostgreSQL: the
charts read the numbers kept as signatures change (``signing/tallies.py``), so their time must
not grow with the signatures. Seeded by ``COPY`` (a year of signatures from 60 countries, 50 US
states, three languages, a third through a referral code: 20 an organizer handed out and 20,000
signers' own), then counted as ``flask signatures recount`` does.

    .venv/bin/python bench/charts.py                       # 1,000,000 signatures
    .venv/bin/python bench/charts.py --signatures 20000    # check the harness
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import time
from typing import Iterator

from common import database, folder, make_app
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.signing import tallies

SLUG = "belarus_state_dept"
PAGE = f"/console/campaigns/{SLUG}/charts"
PICTURES = ("signatures", "countries", "states", "languages", "referrals")
#: Requests timed after the first, for the medians.
REPEATS = 20
GOAL_MS = 100
COUNTRIES = ("US", "BY", "LT", "PL", "DE", "GB", "FR", "CA", "UA", "GE", "NL", "SE", "NO", "FI", "DK", "EE", "LV",
             "CZ", "SK", "AT", "CH", "IT", "ES", "PT", "IE", "BE", "LU", "IL", "AU", "NZ", "JP", "KR", "BR", "AR",
             "MX", "CL", "TR", "AM", "AZ", "KZ", "UZ", "KG", "MD", "RO", "BG", "HU", "SI", "HR", "RS", "GR", "CY",
             "MT", "IS", "ZA", "IN", "SG", "TH", "VN", "PH", "AE")
STATES = ("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
          "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY").split()
COLUMNS = ("public_id", "campaign", "email", "email_canonical", "fields", "locale", "status", "public_name",
           "share_code", "referral", "letter_edited", "created_at", "confirmed_at")
PASSWORD = "quiet-lantern-orbit-58"


def rows(count: int) -> Iterator[tuple]:
    """``count`` signatures over the year before now: nine in ten confirmed, the rest pending or
    withdrawn; a third of the US ones from New York and California each."""
    end = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    step = dt.timedelta(days=365) / count
    for n in range(count):
        country = COUNTRIES[0] if n % 3 == 0 else COUNTRIES[(n * 7) % len(COUNTRIES)]
        fields = {"first_name": "Jane", "last_name": "Doe", "letter_name": "Jane Doe", "country": country}
        if country == "US":
            fields["us_state"] = ("NY", "CA", STATES[n % len(STATES)])[n % 3]
        referral = None
        if n % 3 == 1:
            referral = f"org{n % 20:02d}" if n % 2 else f"s{n % 20_000:x}"
        status = "confirmed" if n % 10 else ("pending", "withdrawn")[n % 20 // 10]
        moment = f"{end - step * (count - n):%Y-%m-%d %H:%M:%S}"
        yield (f"c{n:015d}", SLUG, f"c{n}@example.org", f"c{n}@example.org", json.dumps(fields),
               ("en", "ru", "be")[n % 3], status, False, f"s{n:x}", referral, False, moment,
               moment if status == "confirmed" else None)


def seed(count: int) -> float:
    """Write ``count`` signatures and count them as ``flask signatures recount`` does: the
    seconds the recount took."""
    connection = db.session.connection()
    with connection.connection.driver_connection.cursor() as cursor, \
            cursor.copy(f"COPY signatures ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        for row in rows(count):
            copy.write_row(row)
    db.session.commit()
    db.session.execute(db.text("ANALYZE signatures"))
    db.session.commit()
    started = time.perf_counter()
    tallies.recount(registry_of().get(SLUG))
    db.session.commit()
    seconds = time.perf_counter() - started
    db.session.execute(db.text("ANALYZE tallies"))
    db.session.commit()
    return seconds


def organizer(app):
    """A test client signed in as an organizer of the campaign."""
    runner = app.test_cli_runner()
    for args in (["users", "create", "org@example.org", "--role", "organizer"], ["users", "grant", "org@example.org", SLUG]):
        result = runner.invoke(args=args, env={"UNDERSIGNED_PASSWORD": PASSWORD})
        if result.exit_code:
            raise RuntimeError(result.output)
    client = app.test_client()
    field = re.search(r'<input[^>]*name="csrf_token"[^>]*>', client.get("/console/login").get_data(as_text=True)).group(0)
    token = re.search(r'value="([^"]+)"', field).group(1)
    client.post("/console/login", data={"csrf_token": token, "email": "org@example.org", "password": PASSWORD})
    return client


def timed(client, path: str) -> tuple[float, float]:
    """(first, median of the next :data:`REPEATS`) milliseconds of GET ``path``."""
    def once() -> float:
        started = time.perf_counter()
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return (time.perf_counter() - started) * 1000
    first = once()
    return first, statistics.median(once() for _ in range(REPEATS))


def measure(count: int) -> tuple[float, list[tuple[str, float, float]]]:
    """The recount's seconds and ``(what, first ms, median ms)`` of the page and each picture."""
    where = folder()
    with database("postgresql", where) as url:
        app = make_app(url, where)
        with app.app_context():
            print(f"charts: seeding {count:,} signatures", flush=True)
            recount = seed(count)
            db.session.remove()
        client = organizer(app)
        figures = [("charts page", *timed(client, PAGE))]
        figures += [(f"{name}.svg", *timed(client, f"{PAGE}/{name}.svg")) for name in PICTURES]
        figures.append(("signatures per hour (page, ?by=hour)", *timed(client, f"{PAGE}?by=hour")))
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return recount, figures


def table(count: int, recount: float, figures: list[tuple[str, float, float]]) -> list[str]:
    out = [f"## Console charts at {count:,} signatures (PostgreSQL, in-process test client)", "",
           f"Read from the kept numbers (`tallies`), never the signatures; `flask signatures recount` "
           f"rebuilt them from the rows in {recount:.1f} s. Goal: under {GOAL_MS} ms each.", "",
           "| request | first ms | median of next 20 ms | under goal |", "| --- | --- | --- | --- |"]
    out += [f"| {what} | {first:.1f} | {median:.1f} | {'yes' if median < GOAL_MS else 'NO'} |"
            for what, first, median in figures]
    return out + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signatures", type=int, default=1_000_000)
    args = parser.parse_args()
    print("\n".join(table(args.signatures, *measure(args.signatures))))


if __name__ == "__main__":
    main()
