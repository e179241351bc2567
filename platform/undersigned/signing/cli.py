"""``flask signatures ...``: list, approve (joint letters) and invalidate signatures."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from undersigned.app_state import registry_of
from undersigned.extensions import db
from undersigned.signing import service
from undersigned.signing.models import STATUSES, Signature

signatures_cli = AppGroup("signatures", help="Signatures of a campaign.")


def _campaign_or_fail(slug: str):
    campaign = registry_of().get(slug)
    if campaign is None:
        raise click.ClickException(f"no campaign {slug!r} (see: flask campaigns list)")
    return campaign


@signatures_cli.command("list")
@click.argument("slug")
@click.option("--status", type=click.Choice(STATUSES), help="Only signatures in this status.")
def list_command(slug: str, status: str | None) -> None:
    """Signatures of SLUG: id, status, approved, name (organizers' view)."""
    _campaign_or_fail(slug)
    query = select(Signature).where(Signature.campaign == slug).order_by(Signature.id)
    if status:
        query = query.where(Signature.status == status)
    for row in db.session.scalars(query):
        approved = "approved" if row.approved_at else ""
        click.echo(f"{row.id:>6}  {row.status:<11} {approved:<8} {row.full_name}")


@signatures_cli.command("approve")
@click.argument("slug")
@click.argument("ids", nargs=-1, type=int, required=True)
def approve_command(slug: str, ids: tuple[int, ...]) -> None:
    """Put confirmed co-signers IDS on SLUG's joint letter."""
    campaign = _campaign_or_fail(slug)
    if campaign.channel != "joint":
        raise click.ClickException(f"{slug} is not a joint letter")
    failed = _apply(slug, ids, lambda signature: service.approve(signature, campaign))
    if failed:
        raise click.ClickException(f"not approved (unknown, unconfirmed or already approved): "
                                   f"{', '.join(map(str, failed))}")


@signatures_cli.command("invalidate")
@click.argument("slug")
@click.argument("ids", nargs=-1, type=int, required=True)
def invalidate_command(slug: str, ids: tuple[int, ...]) -> None:
    """Invalidate signatures IDS: they stop counting and are kept for audit."""
    campaign = _campaign_or_fail(slug)
    failed = _apply(slug, ids, lambda signature: service.remove(signature, campaign, "invalidated"))
    if failed:
        raise click.ClickException(f"not invalidated: {', '.join(map(str, failed))}")


def _apply(slug: str, ids: tuple[int, ...], action) -> list[int]:
    failed = []
    for signature_id in ids:
        signature = db.session.get(Signature, signature_id)
        if signature is None or signature.campaign != slug or not action(signature):
            failed.append(signature_id)
        else:
            click.echo(f"{signature_id}: done")
    return failed
