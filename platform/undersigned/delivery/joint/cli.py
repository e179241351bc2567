"""``flask signatures approve | freeze | versions | letter-pdf | deliver``: put confirmed
co-signers on a joint letter, then freeze, preview and deliver it in versions."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from undersigned.audit.log import record
from undersigned.campaigns.lookup import campaign_or_fail
from undersigned.contract import Campaign, channel_of
from undersigned.delivery.joint import service
from undersigned.delivery.joint.models import DELIVERY_WAYS
from undersigned.extensions import db


def joint_campaign(slug: str) -> Campaign:
    """The campaign called ``slug``, if it is a joint letter; a CLI error otherwise."""
    campaign = campaign_or_fail(slug)
    if not channel_of(campaign).needs_approval:
        raise click.ClickException(f"{slug} is not a joint letter")
    return campaign


@click.command("approve")
@click.argument("slug")
@click.argument("ids", nargs=-1, type=int, required=True)
@with_appcontext
def approve_command(slug: str, ids: tuple[int, ...]) -> None:
    """Put confirmed co-signers IDS on SLUG's joint letter."""
    campaign = joint_campaign(slug)
    failed, done = [], []
    for signature_id in ids:
        if service.approve(campaign, signature_id):
            done.append(signature_id)
            click.echo(f"{signature_id}: done")
        else:
            failed.append(signature_id)
    if done:
        _audit("signature.approve", slug, signatures=done, count=len(done))
    if failed:
        raise click.ClickException(f"not approved (unknown, unconfirmed or already approved): "
                                   f"{', '.join(map(str, failed))}")


@click.command("freeze")
@click.argument("slug")
@with_appcontext
def freeze_command(slug: str) -> None:
    """Freeze the next version of SLUG's joint letter: its approved co-signers now, and its PDF."""
    try:
        version = service.freeze(joint_campaign(slug))
    except service.VersionError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"version {version.number} frozen: {version.signatory_count} co-signers, "
               f"sha256 {version.sha256}")


@click.command("versions")
@click.argument("slug")
@with_appcontext
def versions_command(slug: str) -> None:
    """The versions of SLUG's joint letter: number, date, co-signers, delivery, SHA-256."""
    for version in service.versions(joint_campaign(slug)):
        delivered = (f"delivered {version.delivered_at:%Y-%m-%d} by {version.delivered_how}"
                     if version.delivered_at else "not delivered")
        click.echo(f"v{version.number:<4} {version.date:%Y-%m-%d}  {version.signatory_count:>6} "
                   f"co-signers  {delivered:<28} {version.sha256}")


@click.command("letter-pdf")
@click.argument("slug")
@click.argument("number", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the PDF (default: SLUG-vNUMBER.pdf).")
@with_appcontext
def letter_pdf_command(slug: str, number: int, output: Path | None) -> None:
    """Write version NUMBER of SLUG's joint letter as the PDF it was frozen with (a preview)."""
    campaign = joint_campaign(slug)
    version = service.version(campaign, number)
    if version is None:
        raise click.ClickException(f"{slug} has no version {number}")
    path = output or Path(service.pdf_filename(campaign, version))
    path.write_bytes(version.pdf)
    click.echo(f"{path}: version {number}, {version.signatory_count} co-signers, sha256 {version.sha256}")


@click.command("deliver")
@click.argument("slug")
@click.argument("number", type=int)
@click.option("--by", "how", type=click.Choice(DELIVERY_WAYS), required=True,
              help="email: the platform sends the PDF; hand, post: record that you did.")
@click.option("--to", help="The address to e-mail (default: the campaign recipient's).")
@with_appcontext
def deliver_command(slug: str, number: int, how: str, to: str | None) -> None:
    """Deliver version NUMBER of SLUG's joint letter, and tell its co-signers by e-mail."""
    try:
        version = service.deliver(joint_campaign(slug), number, how, to=to)
    except service.VersionError as exc:
        raise click.ClickException(str(exc)) from None
    queued = "e-mail queued in the outbox" if how == "email" else f"recorded as delivered by {how}"
    click.echo(f"version {version.number}: {queued}; its co-signers are told by e-mail")


def _audit(action: str, slug: str, **details) -> None:
    """Record what a command changed (the service committed the change); ids and counts only."""
    record(action, slug, **details)
    db.session.commit()


COMMANDS = (approve_command, freeze_command, versions_command, letter_pdf_command, deliver_command)
