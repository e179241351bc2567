"""The fraud tools: finding signing bursts, choosing a batch of signatures to invalidate, and
keeping the block lists. Each function owns its queries and its transaction; ``flask signatures``
(and the console next) only parse what organizers type and show the answer.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Iterable, Literal

from sqlalchemy import (BigInteger, Integer, Select, case, cast, distinct, extract, func, literal_column, or_,
                        select, union_all)

from undersigned.contract import Campaign, utcnow
from undersigned.extensions import db
from undersigned.security import blocklist
from undersigned.signing import service
from undersigned.signing.models import CONFIRMED, PENDING, Signature

log = logging.getLogger(__name__)

DURATION = re.compile(r"^(\d+)\s*([smhdw])$")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
EPOCH = dt.datetime(1970, 1, 1)
UNKNOWN = "?"
Grouping = Literal["ip", "domain", "both"]


def parse_duration(value: str) -> dt.timedelta:
    """``30m``, ``2h``, ``7d``...; ``ValueError`` with a sentence an organizer can act on."""
    match = DURATION.match(value.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{value!r}: use a number and s, m, h, d or w, e.g. 10m or 24h")
    try:
        return dt.timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
    except OverflowError:
        raise ValueError(f"{value!r} is longer than a calendar holds") from None


def parse_when(value: str) -> dt.datetime:
    """A moment in UTC: ISO 8601 (``2026-11-23T10:00``) or a time ago (``24h``)."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            return utcnow() - parse_duration(value)
        except OverflowError:
            raise ValueError(f"{value!r} is before any date a calendar holds") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment


@dataclass(frozen=True)
class Burst:
    """Signatures in one time window sharing an IP hash (``by="ip_hash"``) or an e-mail domain
    (``by="domain"``). ``spread`` counts the other side: e-mail domains one IP hash used, or IP
    hashes one domain came from."""

    window: dt.datetime
    by: str
    key: str
    count: int
    confirmed: int
    spread: int


def bursts(slug: str, *, window: dt.timedelta, since: dt.datetime, minimum: int,
           by: Grouping = "both") -> list[Burst]:
    """Groups of at least ``minimum`` signatures of ``slug`` made since ``since``, per
    ``window``, busiest first."""
    return burst_rows(db.session.execute(bursts_query(slug, window=window, since=since, minimum=minimum, by=by)))


def bursts_query(slug: str, *, window: dt.timedelta, since: dt.datetime, minimum: int,
                 by: Grouping = "both") -> Select:
    """:func:`bursts` as one query, grouped in the database from the index on campaign and
    time (read a page at a time with :func:`burst_rows`)."""
    step = max(int(window.total_seconds()), 1)
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    seconds = (cast(func.floor(extract("epoch", Signature.created_at) / step), BigInteger) if postgresql
               else cast(func.strftime("%s", Signature.created_at), Integer) // step)
    at = (func.strpos if postgresql else func.instr)(Signature.email_canonical, "@")
    # labelled in a subquery, then grouped by its columns: PostgreSQL would read the bound
    # parameters of one expression in SELECT and GROUP BY as two different expressions
    rows = (select((seconds * step).label("started"), func.coalesce(Signature.ip_hash, UNKNOWN).label("ip_hash"),
                   func.coalesce(func.nullif(func.substr(Signature.email_canonical, at + 1), ""), UNKNOWN)
                   .label("domain"), case((Signature.status == CONFIRMED, 1), else_=0).label("confirmed"))
            .where(Signature.campaign == slug, Signature.created_at >= since).subquery())
    groupings = {"ip": [("ip_hash", rows.c.ip_hash, rows.c.domain)],
                 "domain": [("domain", rows.c.domain, rows.c.ip_hash)]}
    chosen = groupings["ip"] + groupings["domain"] if by == "both" else groupings[by]
    found = union_all(*(
        select(rows.c.started, literal_column(f"'{kind}'").label("grouping"), key.label("group_key"),
               func.count().label("signatures"), func.sum(rows.c.confirmed).label("confirmed"),
               func.count(distinct(other)).label("spread"))
        .group_by(rows.c.started, key).having(func.count() >= minimum)
        for kind, key, other in chosen)).subquery()
    return select(found).order_by(found.c.signatures.desc(), found.c.started, found.c.grouping, found.c.group_key)


def burst_rows(rows: Iterable) -> list[Burst]:
    """The rows of :func:`bursts_query`, each a :class:`Burst`."""
    return [Burst(EPOCH + dt.timedelta(seconds=int(started)), by, key, int(count), int(confirmed), int(spread))
            for started, by, key, count, confirmed, spread in rows]


def block_listing(campaign: str | None = None, *, every_campaign: bool = True) -> Select:
    """:func:`blocks` as a query, to read a page at a time."""
    return blocklist.listing(campaign, every_campaign=every_campaign)


def select_batch(slug: str, *, ids: Iterable[int] = (), ip_hashes: Iterable[str] = (),
                 domains: Iterable[str] = (), since: dt.datetime | None = None,
                 until: dt.datetime | None = None) -> list[Signature]:
    """The pending and confirmed signatures of ``slug`` matching every criterion given: among
    ``ids``; from one of ``ip_hashes`` or with an e-mail at one of ``domains`` (or a subdomain);
    made from ``since`` and before ``until``. ``ValueError`` for a malformed hash or domain, or
    when neither ``ids`` nor an IP hash nor a domain narrows the batch (a time window alone would
    take everyone)."""
    hashes = [blocklist.clean_ip_hash(value) for value in ip_hashes if value.strip()]
    cleaned = [blocklist.clean_domain(value) for value in domains if value.strip()]
    ids = list(ids)
    if not (ids or hashes or cleaned):
        raise ValueError("a batch needs an IP hash or a domain (a time window alone would take everyone)")
    query = select(Signature).where(Signature.campaign == slug, Signature.status.in_((PENDING, CONFIRMED)))
    if ids:
        query = query.where(Signature.id.in_(ids))
    matches = [Signature.ip_hash.in_(hashes)] if hashes else []
    for domain in cleaned:
        matches += [Signature.email_canonical.like(f"%@{domain}"), Signature.email_canonical.like(f"%.{domain}")]
    if matches:
        query = query.where(or_(*matches))
    if since:
        query = query.where(Signature.created_at >= since)
    if until:
        query = query.where(Signature.created_at < until)
    return list(db.session.scalars(query.order_by(Signature.id)))


#: Why an organizer removes one signature: kept in the audit log (never free text, which could
#: hold a supporter's personal data).
REMOVAL_REASONS = ("duplicate", "fraud", "signer_request", "test", "other")


def invalidate(campaign: Campaign, signatures: Iterable[Signature]) -> int:
    """Invalidate ``signatures`` of ``campaign`` (each in its own short transaction with its
    audit entry, so one that changed meanwhile is skipped); how many were invalidated. They
    stop counting and are kept."""
    done = sum(service.remove(signature, campaign, "invalidated", audit="signature.invalidate",
                                  details={"batch": True})
               for signature in signatures)
    log.info("invalidated %s signatures of %s in a batch", done, campaign.slug)
    return done


def invalidate_ids(campaign: Campaign, ids: Iterable[int], reason: str | None = None) -> tuple[list[int], list[int]]:
    """Invalidate the signatures ``ids`` of ``campaign`` one by one (audited, with ``reason``,
    one of :data:`REMOVAL_REASONS`, if given): the ids invalidated, and those that were not
    (unknown, of another campaign, or no longer pending or confirmed)."""
    details = {"reason": reason} if reason else {}
    done, failed = [], []
    for signature_id in ids:
        signature = db.session.get(Signature, signature_id)
        if signature is not None and signature.campaign == campaign.slug and \
                service.remove(signature, campaign, "invalidated", audit="signature.invalidate", details=details):
            done.append(signature_id)
        else:
            failed.append(signature_id)
    return done, failed


def block_domain(value: str, note: str | None = None, campaign: str | None = None,
                 whole_provider: bool = False) -> tuple[str, bool]:
    """Refuse new signatures to ``campaign`` (``None``: to every campaign) from e-mail addresses
    at the domain ``value`` and its subdomains: the domain as kept, and whether it was newly
    blocked. ``ValueError`` if it is not a domain, :class:`blocklist.TooBroad` for a top-level
    domain, :class:`blocklist.WholeProvider` for a large provider without ``whole_provider``."""
    domain = blocklist.clean_domain(value)
    blocklist.check_breadth(domain, whole_provider)
    return domain, blocklist.add(blocklist.DOMAIN, domain, note, campaign)


def block_ip_hash(value: str, note: str | None = None, campaign: str | None = None) -> tuple[str, bool]:
    """Refuse new signatures to ``campaign`` (``None``: to every campaign) from the client whose
    IP hash is ``value``: the hash as kept, and whether it was newly blocked. ``ValueError`` if
    it is not an IP hash."""
    ip_hash = blocklist.clean_ip_hash(value)
    return ip_hash, blocklist.add(blocklist.IP_HASH, ip_hash, note, campaign)


def unblock(value: str, campaign: str | None = None) -> list[str]:
    """Remove ``value`` (a domain, as typed or as kept, or an IP hash) from the block lists of
    ``campaign`` (``None``: those for every campaign); the kinds it was removed from (none if it
    was not blocked there)."""
    candidates = set()
    for clean in (blocklist.clean_ip_hash, blocklist.clean_domain):
        try:
            candidates.add(clean(value))
        except ValueError:
            pass
    return [kind for candidate in sorted(candidates) for kind in blocklist.remove(candidate, campaign)]


def blocks(campaign: str | None = None, *, every_campaign: bool = True) -> list[blocklist.Block]:
    """The block lists of ``campaign`` and, with ``every_campaign``, those for every campaign
    (every entry when ``campaign`` is ``None``)."""
    return blocklist.entries(campaign, every_campaign=every_campaign)
