"""``flask signatures approve``: put confirmed co-signers on a joint letter."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from undersigned.campaigns.lookup import campaign_or_fail
from undersigned.delivery.joint import service
from undersigned.delivery.lookup import channel_of


@click.command("approve")
@click.argument("slug")
@click.argument("ids", nargs=-1, type=int, required=True)
@with_appcontext
def approve_command(slug: str, ids: tuple[int, ...]) -> None:
    """Put confirmed co-signers IDS on SLUG's joint letter."""
    campaign = campaign_or_fail(slug)
    if not channel_of(campaign).needs_approval:
        raise click.ClickException(f"{slug} is not a joint letter")
    failed = []
    for signature_id in ids:
        if service.approve(campaign, signature_id):
            click.echo(f"{signature_id}: done")
        else:
            failed.append(signature_id)
    if failed:
        raise click.ClickException(f"not approved (unknown, unconfirmed or already approved): "
                                   f"{', '.join(map(str, failed))}")
