"""``flask signatures ...``: list, export, and the fraud tools: bursts, block lists, and
invalidating signatures one by one or in batches. Delivery channels add their own commands
(``approve`` for joint letters): :func:`signatures_group`."""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sys
from collections import defaultdict
from typing import Iterable

import click
from flask.cli import AppGroup
from sqlalchemy import or_, select

from undersigned.campaigns.lookup import campaign_or_fail
from undersigned.campaigns.fields import all_fields
from undersigned.extensions import db
from undersigned.security import blocklist
from undersigned.security.spreadsheet import write_csv
from undersigned.signing import service
from undersigned.signing.models import CONFIRMED, PENDING, STATUSES, Signature, utcnow

log = logging.getLogger(__name__)

signatures_cli = AppGroup("signatures", help="Signatures of a campaign.")


def signatures_group(channel_commands: Iterable[click.Command]) -> AppGroup:
    """``flask signatures`` for one app: the core's commands and its delivery channels' (a
    channel's command never replaces a core command of the same name)."""
    group = AppGroup(signatures_cli.name, help=signatures_cli.help)
    for command in (*channel_commands, *signatures_cli.commands.values()):
        group.add_command(command)
    return group


@signatures_cli.command("list")
@click.argument("slug")
@click.option("--status", type=click.Choice(STATUSES), help="Only signatures in this status.")
def list_command(slug: str, status: str | None) -> None:
    """Signatures of SLUG: id, status, approved, name (organizers' view)."""
    campaign_or_fail(slug)
    query = select(Signature).where(Signature.campaign == slug).order_by(Signature.id)
    if status:
        query = query.where(Signature.status == status)
    for row in db.session.scalars(query):
        approved = "approved" if row.approved_at else ""
        click.echo(f"{row.id:>6}  {row.status:<11} {approved:<8} {row.full_name}")


def _apply(slug: str, ids: tuple[int, ...], action) -> list[int]:
    failed = []
    for signature_id in ids:
        signature = db.session.get(Signature, signature_id)
        if signature is None or signature.campaign != slug or not action(signature):
            failed.append(signature_id)
        else:
            click.echo(f"{signature_id}: done")
    return failed


DURATION = re.compile(r"^(\d+)\s*([smhdw])$")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(value: str) -> dt.timedelta:
    """``30m``, ``2h``, ``7d``..."""
    match = DURATION.match(value.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise click.BadParameter(f"{value!r}: use a number and s, m, h, d or w, e.g. 10m or 24h")
    return dt.timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


def parse_when(value: str) -> dt.datetime:
    """A moment in UTC: ISO 8601 (``2026-11-23T10:00``) or a time ago (``24h``)."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return utcnow() - parse_duration(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment


def _domain_of(signature_email: str | None) -> str:
    return (signature_email or "").rpartition("@")[2] or "?"


@signatures_cli.command("bursts")
@click.argument("slug")
@click.option("--window", default="10m", show_default=True, help="Length of a time window (e.g. 5m, 1h).")
@click.option("--since", default="24h", show_default=True, help="Look back this far (24h, 7d) or from a UTC time.")
@click.option("--min", "minimum", default=5, show_default=True, help="Show groups with at least this many signatures.")
@click.option("--by", type=click.Choice(["ip", "domain", "both"]), default="both", show_default=True)
def bursts_command(slug: str, window: str, since: str, minimum: int, by: str) -> None:
    """Signing bursts on SLUG: signatures per time window, grouped by IP hash and by e-mail
    domain, busiest first. SPREAD is how many e-mail domains one IP hash used, or how many IP
    hashes one domain came from. Block with block-ip-hash / block-domain; clean up with
    invalidate --ip-hash / --domain."""
    campaign_or_fail(slug)
    step = parse_duration(window).total_seconds()
    start = parse_when(since)
    groups: dict[tuple[dt.datetime, str, str], list] = defaultdict(lambda: [0, 0, set()])
    rows = db.session.execute(
        select(Signature.created_at, Signature.ip_hash, Signature.email_canonical, Signature.status)
        .where(Signature.campaign == slug, Signature.created_at >= start)
        .execution_options(yield_per=1000))
    epoch = dt.datetime(1970, 1, 1)
    for created_at, ip, email, status in rows:
        bucket = epoch + dt.timedelta(seconds=((created_at - epoch).total_seconds() // step) * step)
        domain = _domain_of(email)
        keys = []
        if by in ("ip", "both"):
            keys.append(("ip_hash", ip or "?", domain))
        if by in ("domain", "both"):
            keys.append(("domain", domain, ip or "?"))
        for kind, key, other in keys:
            group = groups[(bucket, kind, key)]
            group[0] += 1
            group[1] += status == CONFIRMED
            group[2].add(other)
    shown = sorted(((count, bucket, kind, key, confirmed, len(other))
                    for (bucket, kind, key), (count, confirmed, other) in groups.items() if count >= minimum),
                   key=lambda row: (-row[0], row[1], row[2], row[3]))
    if not shown:
        click.echo(f"no group of {minimum} or more signatures in any {window} window since "
                   f"{start:%Y-%m-%d %H:%M} UTC")
        return
    click.echo(f"{'window (UTC)':<17} {'by':<8} {'key':<34} {'count':>6} {'confirmed':>9} {'spread':>6}")
    for count, bucket, kind, key, confirmed, spread in shown:
        click.echo(f"{bucket:%Y-%m-%d %H:%M} {kind:<8} {key:<34} {count:>6} {confirmed:>9} {spread:>6}")


@signatures_cli.command("invalidate")
@click.argument("slug")
@click.argument("ids", nargs=-1, type=int)
@click.option("--ip-hash", "ip_hashes", multiple=True, help="Signatures from this IP hash (repeatable).")
@click.option("--domain", "domains", multiple=True, help="Signatures with an e-mail at this domain or its subdomains (repeatable).")
@click.option("--since", help="Only signatures made from this UTC time (ISO 8601) or this long ago (2h).")
@click.option("--until", help="Only signatures made before this UTC time or this long ago.")
@click.option("--dry-run", is_flag=True, help="Show how many would be invalidated; change nothing.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation of a batch.")
def invalidate_command(slug: str, ids: tuple[int, ...], ip_hashes: tuple[str, ...], domains: tuple[str, ...],
                       since: str | None, until: str | None, dry_run: bool, yes: bool) -> None:
    """Invalidate signatures of SLUG: by IDS, or in a batch by --ip-hash / --domain (optionally
    within --since / --until). Invalidated signatures stop counting and are kept for audit."""
    campaign = campaign_or_fail(slug)
    if not (ip_hashes or domains or since or until):
        if not ids:
            raise click.UsageError("give signature IDS, or select a batch with --ip-hash or --domain")
        if dry_run:
            click.echo(f"would invalidate up to {len(ids)} signatures")
            return
        failed = _apply(slug, ids, lambda signature: service.remove(signature, campaign, "invalidated"))
        if failed:
            raise click.ClickException(f"not invalidated: {', '.join(map(str, failed))}")
        return
    if not (ip_hashes or domains or ids):
        raise click.UsageError("a batch needs --ip-hash or --domain (a time window alone would take everyone)")
    query = select(Signature).where(Signature.campaign == slug, Signature.status.in_((PENDING, CONFIRMED)))
    if ids:
        query = query.where(Signature.id.in_(ids))
    try:
        hashes = [blocklist.clean_ip_hash(value) for value in ip_hashes]
        cleaned = [blocklist.clean_domain(value) for value in domains]
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    matches = [Signature.ip_hash.in_(hashes)] if hashes else []
    for domain in cleaned:
        matches += [Signature.email_canonical.like(f"%@{domain}"), Signature.email_canonical.like(f"%.{domain}")]
    if matches:
        query = query.where(or_(*matches))
    if since:
        query = query.where(Signature.created_at >= parse_when(since))
    if until:
        query = query.where(Signature.created_at < parse_when(until))
    selected = list(db.session.scalars(query.order_by(Signature.id)))
    confirmed = sum(signature.status == CONFIRMED for signature in selected)
    click.echo(f"{len(selected)} signatures match ({confirmed} confirmed, {len(selected) - confirmed} pending)")
    if dry_run or not selected:
        return
    if not yes:
        click.confirm(f"Invalidate these {len(selected)} signatures of {slug}?", abort=True)
    done = sum(service.remove(signature, campaign, "invalidated") for signature in selected)
    log.info("invalidated %s signatures of %s in a batch", done, slug)
    click.echo(f"invalidated {done}; the count dropped by {confirmed}")


@signatures_cli.command("block-domain")
@click.argument("domain")
@click.option("--note", help="Why (kept with the entry).")
def block_domain_command(domain: str, note: str | None) -> None:
    """Refuse new signatures from e-mail addresses at DOMAIN and its subdomains."""
    _block(blocklist.DOMAIN, blocklist.clean_domain, domain, note, "domain", "--domain")


@signatures_cli.command("block-ip-hash")
@click.argument("ip_hash")
@click.option("--note", help="Why (kept with the entry).")
def block_ip_hash_command(ip_hash: str, note: str | None) -> None:
    """Refuse new signatures from the client whose IP hash is IP_HASH (as bursts shows it)."""
    _block(blocklist.IP_HASH, blocklist.clean_ip_hash, ip_hash, note, "IP hash", "--ip-hash")


def _block(kind: str, clean, value: str, note: str | None, label: str, invalidate_option: str) -> None:
    try:
        value = clean(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    added = blocklist.add(kind, value, note)
    click.echo(f"blocked {label} {value}" if added else f"{value} was already blocked")
    click.echo(f"existing signatures are unchanged: flask signatures invalidate SLUG {invalidate_option} {value}")


@signatures_cli.command("unblock")
@click.argument("value")
def unblock_command(value: str) -> None:
    """Remove a domain or an IP hash from the block lists."""
    candidates = {value.strip().lower()}
    try:
        candidates.add(blocklist.clean_domain(value))
    except ValueError:
        pass
    removed = [kind for candidate in candidates for kind in blocklist.remove(candidate)]
    if not removed:
        raise click.ClickException(f"{value} is not blocked")
    click.echo(f"unblocked {value} ({', '.join(removed)})")


@signatures_cli.command("blocks")
def blocks_command() -> None:
    """The block lists: kind, value, since when, note."""
    rows = list(db.session.scalars(select(blocklist.Block).order_by(blocklist.Block.kind, blocklist.Block.value)))
    if not rows:
        click.echo("nothing is blocked")
    for row in rows:
        click.echo(f"{row.kind:<8} {row.value:<40} {row.created_at:%Y-%m-%d %H:%M}  {row.note or ''}")


@signatures_cli.command("export")
@click.argument("slug")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file (UTF-8 with BOM, readable only by you) instead of standard output.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only these statuses (repeatable); default: all.")
def export_command(slug: str, output: str | None, statuses: tuple[str, ...]) -> None:
    """SLUG's signatures as CSV for organizers. It holds personal data: keep it safe. Cells
    that a spreadsheet would run as formulas are neutralised."""
    campaign = campaign_or_fail(slug)
    names = [field.name for field in all_fields(campaign) if field.name != "email"]
    header = ["id", "status", "created_at", "confirmed_at", "email", *names, "public_name", "language",
              "referral", "approved_at", "reported_sent_at", "invalidated_at", "ip_hash"]
    query = select(Signature).where(Signature.campaign == slug, Signature.erased_at.is_(None)).order_by(Signature.id)
    if statuses:
        query = query.where(Signature.status.in_(statuses))
    rows = ([s.id, s.status, _stamp(s.created_at), _stamp(s.confirmed_at), s.email,
             *[s.fields.get(name) for name in names], s.public_name, s.locale, s.referral,
             _stamp(s.approved_at), _stamp(s.reported_sent_at), _stamp(s.invalidated_at), s.ip_hash]
            for s in db.session.scalars(query.execution_options(yield_per=1000)))
    if output:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "w", encoding="utf-8-sig", newline="") as stream:
            count = write_csv(stream, header, rows)
        click.echo(f"exported {count} signatures to {output}", err=True)
    else:
        count = write_csv(sys.stdout, header, rows)
    log.info("exported %s signatures of %s", count, slug)


def _stamp(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}" if moment else ""
