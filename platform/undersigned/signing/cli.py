"""``flask signatures ...``: list, export, recount and the fraud tools (bursts, block lists, and
invalidating signatures one by one or in batches); ``flask campaigns referrals``. Other packages
and the delivery channels add their own ``signatures`` commands (``log``, ``purge``, ``approve``
for joint letters): :func:`signatures_group`. The commands parse and print;
:mod:`undersigned.signing.records` and :mod:`undersigned.signing.fraud` do the work."""
from __future__ import annotations

import functools
import logging
import os
import sys
from typing import Iterable

import click
from flask.cli import AppGroup, with_appcontext

from undersigned.audit.log import record
from undersigned.campaigns.lookup import campaign_or_fail
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.security import blocklist
from undersigned.security.spreadsheet import write_csv
from undersigned.signing import fraud, records, tallies
from undersigned.signing.models import CONFIRMED, STATUSES
from undersigned.signing.referrals import referrals_of

log = logging.getLogger(__name__)

signatures_cli = AppGroup("signatures", help="Signatures of a campaign.")


def signatures_group(core: Iterable[click.Command], channel_commands: Iterable[click.Command]) -> AppGroup:
    """``flask signatures`` for one app: these commands, the ``core`` ones of other packages and
    the delivery channels' (a channel's command never replaces a core command of the same name)."""
    group = AppGroup(signatures_cli.name, help=signatures_cli.help)
    for command in (*channel_commands, *core, *signatures_cli.commands.values()):
        group.add_command(command)
    return group


@click.command("referrals")
@click.argument("slug")
@with_appcontext
def referrals_command(slug: str) -> None:
    """Which referral codes brought confirmed signatures to SLUG, most first."""
    campaign = campaign_or_fail(slug)
    referrals = referrals_of(campaign.slug)
    for referral in referrals:
        whose = "signer" if referral.from_signer else "other"
        click.echo(f"{referral.code}\t{referral.confirmed}\t{whose}")
    if not referrals:
        click.echo("no confirmed signature came through a referral code yet")


@signatures_cli.command("list")
@click.argument("slug")
@click.option("--status", type=click.Choice(STATUSES), help="Only signatures in this status.")
def list_command(slug: str, status: str | None) -> None:
    """Signatures of SLUG: id, status, approved, edited (the signer added to the letter), name
    (organizers' view)."""
    campaign_or_fail(slug)
    for row in records.signatures_of(slug, status):
        approved = "approved" if row.approved_at else ""
        edited = "edited" if row.letter_edited else ""
        click.echo(f"{row.id:>6}  {row.status:<11} {approved:<8} {edited:<6} {row.full_name}")


def _parsed(parse, value: str):
    """``value`` parsed by one of :mod:`undersigned.signing.fraud`'s parsers, or a usage error."""
    try:
        return parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


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
    start = _parsed(fraud.parse_when, since)
    found = fraud.bursts(slug, window=_parsed(fraud.parse_duration, window), since=start,
                         minimum=minimum, by=by)
    if not found:
        click.echo(f"no group of {minimum} or more signatures in any {window} window since "
                   f"{start:%Y-%m-%d %H:%M} UTC")
        return
    click.echo(f"{'window (UTC)':<17} {'by':<8} {'key':<34} {'count':>6} {'confirmed':>9} {'spread':>6}")
    for burst in found:
        click.echo(f"{burst.window:%Y-%m-%d %H:%M} {burst.by:<8} {burst.key:<34} {burst.count:>6} "
                   f"{burst.confirmed:>9} {burst.spread:>6}")


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
        done, failed = fraud.invalidate_ids(campaign, ids)
        _audit("signature.invalidate", slug, signatures=done, count=len(done))
        for signature_id in done:
            click.echo(f"{signature_id}: done")
        if failed:
            raise click.ClickException(f"not invalidated: {', '.join(map(str, failed))}")
        return
    try:
        selected = fraud.select_batch(slug, ids=ids, ip_hashes=ip_hashes, domains=domains,
                                      since=_parsed(fraud.parse_when, since) if since else None,
                                      until=_parsed(fraud.parse_when, until) if until else None)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    confirmed = sum(signature.status == CONFIRMED for signature in selected)
    click.echo(f"{len(selected)} signatures match ({confirmed} confirmed, {len(selected) - confirmed} pending)")
    if dry_run or not selected:
        return
    if not yes:
        click.confirm(f"Invalidate these {len(selected)} signatures of {slug}?", abort=True)
    done = fraud.invalidate(campaign, selected)
    _audit("signature.invalidate", slug, count=done, ip_hashes=len(ip_hashes), domains=list(domains),
           since=since, until=until)
    click.echo(f"invalidated {done}; the count dropped by {confirmed}")


CAMPAIGN_OPTION = click.option("--campaign", "slug", metavar="SLUG",
                               help="Only for this campaign (default: for every campaign).")


@signatures_cli.command("block-domain")
@click.argument("domain")
@click.option("--note", help="Why (kept with the entry).")
@CAMPAIGN_OPTION
@click.option("--whole-provider", is_flag=True,
              help="Yes, block all of it: needed for a large mailbox provider such as gmail.com.")
def block_domain_command(domain: str, note: str | None, slug: str | None, whole_provider: bool) -> None:
    """Refuse new signatures from e-mail addresses at DOMAIN and its subdomains."""
    _block(functools.partial(fraud.block_domain, whole_provider=whole_provider), domain, note, slug,
           "domain", "--domain")


@signatures_cli.command("block-ip-hash")
@click.argument("ip_hash")
@click.option("--note", help="Why (kept with the entry).")
@CAMPAIGN_OPTION
def block_ip_hash_command(ip_hash: str, note: str | None, slug: str | None) -> None:
    """Refuse new signatures from the client whose IP hash is IP_HASH (as bursts shows it)."""
    _block(fraud.block_ip_hash, ip_hash, note, slug, "IP hash", "--ip-hash")


def _block(block, value: str, note: str | None, slug: str | None, label: str, invalidate_option: str) -> None:
    if slug:
        campaign_or_fail(slug)
    try:
        value, added = block(value, note, slug)
    except blocklist.TooBroad:
        raise click.BadParameter(f"{value} is a top-level domain: blocking it would refuse far too many "
                                 "signers") from None
    except blocklist.WholeProvider:
        raise click.BadParameter(f"{value} is a large mailbox provider: blocking it refuses everyone who "
                                 "uses it; add --whole-provider if that is what you want") from None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if added:
        _audit("block.add", slug, kind=label, value=value)
    where = f"for {slug}" if slug else "for every campaign"
    click.echo(f"blocked {label} {value} {where}" if added else f"{value} was already blocked {where}")
    click.echo(f"existing signatures are unchanged: flask signatures invalidate SLUG {invalidate_option} {value}")


@signatures_cli.command("unblock")
@click.argument("value")
@CAMPAIGN_OPTION
def unblock_command(value: str, slug: str | None) -> None:
    """Remove a domain or an IP hash from the block lists (for every campaign, or of --campaign)."""
    removed = fraud.unblock(value, slug)
    if not removed:
        raise click.ClickException(f"{value} is not blocked {f'for {slug}' if slug else 'for every campaign'}")
    _audit("block.remove", slug, lists=removed, value=value)
    click.echo(f"unblocked {value} ({', '.join(removed)})")


@signatures_cli.command("blocks")
def blocks_command() -> None:
    """The block lists: kind, value, campaign (* for every campaign), since when, note."""
    rows = fraud.blocks()
    if not rows:
        click.echo("nothing is blocked")
    for row in rows:
        click.echo(f"{row.kind:<8} {row.value:<40} {row.campaign or '*':<24} "
                   f"{row.created_at:%Y-%m-%d %H:%M}  {row.note or ''}")


@signatures_cli.command("export")
@click.argument("slug")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file (UTF-8 with BOM, readable only by you) instead of standard output.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only these statuses (repeatable); default: all.")
@click.option("--progress/--no-progress", default=None,
              help="A progress bar on standard error (default: when it is a terminal).")
def export_command(slug: str, output: str | None, statuses: tuple[str, ...], progress: bool | None) -> None:
    """SLUG's signatures as CSV for organizers. It holds personal data: keep it safe. Cells
    that a spreadsheet would run as formulas are neutralised."""
    campaign = campaign_or_fail(slug)
    header, rows = records.export_table(campaign, statuses)
    if progress is None:
        progress = sys.stderr.isatty()
    if progress:
        bar = click.progressbar(rows, length=records.export_count(campaign, statuses),
                                label="exporting", file=sys.stderr)
        with bar:
            _export(slug, output, header, bar)
    else:
        _export(slug, output, header, rows)


@signatures_cli.command("recount")
@click.argument("slugs", nargs=-1)
def recount_command(slugs: tuple[str, ...]) -> None:
    """Rebuild the confirmed and reported-sent counts and the charts' numbers of SLUGS (default:
    every campaign) from the signatures themselves, after an import or a repair. Each campaign
    is one transaction; signatures confirmed while it runs may need another recount."""
    campaigns = [campaign_or_fail(slug) for slug in slugs] or list(registry_of())
    for campaign in campaigns:
        confirmed = tallies.recount(campaign)
        record("signatures.recount", campaign.slug, confirmed=confirmed)
        db.session.commit()
        click.echo(f"{campaign.slug}: {confirmed} confirmed")


def _export(slug: str, output: str | None, header: list[str], rows: Iterable) -> None:
    if output:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "w", encoding="utf-8-sig", newline="") as stream:
            count = write_csv(stream, header, rows)
        click.echo(f"exported {count} signatures to {output}", err=True)
    else:
        count = write_csv(sys.stdout, header, rows)
    log.info("exported %s signatures of %s", count, slug)
    _audit("signatures.export", slug, count=count)

def _audit(action: str, campaign: str | None = None, **details) -> None:
    """Record what a command changed (the services commit the change itself); ids and counts only."""
    record(action, campaign, **details)
    db.session.commit()
