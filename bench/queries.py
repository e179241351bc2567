"""The console's and the export's queries on a million rows, with PostgreSQL's plan for each
(``EXPLAIN (ANALYZE, BUFFERS)``): the SQL is captured from the real functions, not rewritten.
A function is stopped at its query (its rows are not loaded), and the query is then explained
as it would have run."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from flask import current_app
from sqlalchemy import event

from undersigned.audit.log import listing as audit_listing
from undersigned.audit.models import AuditEntry
from undersigned.campaigns import counters
from undersigned.paging import PAGE_SIZE, by_key, by_place
from undersigned.contract import utcnow
from undersigned.contract.state import registry_of
from undersigned.delivery.joint import service as joint
from undersigned.delivery.log import signature_named
from undersigned.extensions import db
from undersigned.helpdesk.service import open_count
from undersigned.mail import queue
from undersigned.signing import fraud, records, tallies
from undersigned.signing.referrals import referrals_of


class Caught(Exception):
    """Raised in place of running the statement a plan is asked of."""

    def __init__(self, statement: str, parameters: object) -> None:
        super().__init__(statement)
        self.statement, self.parameters = statement, parameters


def plan(run: Callable[[], object], table: str = "signatures") -> str:
    """The plan of the first query on ``table`` that ``run`` sends, as it would run."""
    def catch(conn, cursor, statement, parameters, context, executemany):
        if f"FROM {table}" in statement:
            raise Caught(statement, parameters)

    event.listen(db.engine, "before_cursor_execute", catch)
    try:
        run()
    except Exception as error:  # the engine may wrap it
        caught = error if isinstance(error, Caught) else error.__cause__ or error.__context__
        if not isinstance(caught, Caught):
            raise
    else:
        raise RuntimeError(f"{run} sent no query on {table}")
    finally:
        event.remove(db.engine, "before_cursor_execute", catch)
    db.session.rollback()
    rows = db.session.connection().exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {caught.statement}",
                                                   caught.parameters)
    text = "\n".join(row[0] for row in rows)
    db.session.rollback()
    return text


def asked(path: str, run: Callable[[], object]) -> Callable[[], object]:
    """``run`` inside a request for ``path``: the console's pages read their place in a list
    (``?before=``, ``?page=``) from the request."""
    def within() -> object:
        with current_app.test_request_context(path):
            return run()
    return within


def console_plans(slug: str, someone: str) -> dict[str, str]:
    """``{query: plan}`` for the CLI's lists and the export, and for each query of the console's
    pages (signatures, co-signers, overview, charts, outbox, audit log), on ``slug``."""
    campaign = registry_of().get(slug)
    middle = db.session.scalar(db.select(db.func.max(records.Signature.id))) // 2
    day = dt.datetime(2026, 1, 5)

    def export() -> None:
        header, rows = records.export_table(campaign)
        next(rows, None)

    total = 1_000_000  # a page's total, as the console counts it beside the page (not planned here)
    counters._cache.forget(slug)  # so the overview reads its counters
    return {
        "signatures list (flask signatures list)": plan(lambda: records.signatures_of(slug)),
        "signatures list filtered by status": plan(lambda: records.signatures_of(slug, "confirmed")),
        "lookup by e-mail (flask signatures log; console signatures page)": plan(lambda: signature_named(slug, someone)),
        "CSV export (every row, streamed)": plan(export),
        "console signatures: first page": plan(asked("/", lambda: by_key(
            records.listing(slug), records.Signature.id, total=total))),
        "console signatures: a page deep in the list (keyset)": plan(asked(f"/?before={middle}", lambda: by_key(
            records.listing(slug), records.Signature.id, total=total))),
        "console signatures: filtered by status": plan(asked("/", lambda: by_key(
            records.listing(slug, status="withdrawn"), records.Signature.id, total=total))),
        "console signatures: filtered by dates": plan(asked("/", lambda: by_key(
            records.listing(slug, since=day, until=day + dt.timedelta(days=1)), records.Signature.id, total=total))),
        "console signatures: bursts of the last 24 hours": plan(asked("/", lambda: by_place(fraud.bursts_query(
            slug, window=dt.timedelta(minutes=10), since=utcnow() - dt.timedelta(hours=24), minimum=5), total=total))),
        "console signatures: batch to invalidate by IP hash": plan(lambda: fraud.select_batch(
            slug, ip_hashes=["0" * 31 + "7"])),
        "console signatures: block lists": plan(fraud.blocks, "blocks"),
        "console co-signers: a page of those waiting": plan(lambda: joint.waiting(
            campaign, after=500_000, size=PAGE_SIZE + 1)),
        "console co-signers: waiting count": plan(lambda: joint.waiting_count(campaign)),
        "console co-signers: a page of those on the letter": plan(lambda: joint.approved(
            campaign, start=0, size=PAGE_SIZE)),
        "console overview: signatures by status": plan(lambda: records.status_counts(slug)),
        "console overview: counters": plan(lambda: counters.totals(slug), "counters"),
        "console overview: approved co-signers": plan(lambda: joint.approved_count(campaign)),
        "console overview: open help requests": plan(lambda: open_count(slug), "help_requests"),
        "console charts: surge in the last 48 hours": plan(lambda: tallies.surging(slug), "tallies"),
        "console charts: per day": plan(lambda: tallies.per_day(slug), "tallies"),
        "console charts: per hour, last 48 hours": plan(
            lambda: tallies.per_hour(slug, utcnow() - tallies.SURGE_WINDOW), "tallies"),
        "console charts: by country": plan(lambda: tallies.most(slug, tallies.COUNTRY, 26), "tallies"),
        "console charts: by language": plan(lambda: tallies.most(slug, tallies.LANGUAGE), "tallies"),
        "console charts: by referral code": plan(lambda: tallies.most(slug, tallies.REFERRAL, 26), "tallies"),
        "flask signatures referrals": plan(lambda: referrals_of(slug)),
        "console outbox: counts": plan(queue.health, "outbox"),
        "console outbox: dead messages": plan(asked("/", lambda: by_place(queue.dead(), total=total)), "outbox"),
        "console audit log of a campaign": plan(asked("/", lambda: by_key(
            audit_listing(slug), AuditEntry.id, total=total)), "audit_entries"),
    }
