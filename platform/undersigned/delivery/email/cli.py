"""``flask signatures digest``: the ``email`` channel's daily digest to each recipient."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from undersigned.audit.log import record
from undersigned.campaigns.lookup import campaign_or_fail
from undersigned.contract import channel_of
from undersigned.contract.state import registry_of
from undersigned.delivery.email import service
from undersigned.extensions import db


@click.command("digest")
@click.argument("slug", required=False)
@with_appcontext
def digest_command(slug: str | None) -> None:
    """Queue one message to the recipient of SLUG (or of every digest campaign) carrying the
    letters confirmed before today. Run it daily: a second run the same day queues nothing."""
    campaigns = [campaign_or_fail(slug)] if slug else list(registry_of())
    # the campaigns whose channel brings this command (the email channel, or a plugin's subclass)
    digests = [c for c in campaigns if c.digest and digest_command in channel_of(c).cli_commands]
    if slug and not digests:
        raise click.ClickException(f"{slug} does not send its letters as a daily digest")
    for campaign in digests:
        count = service.queue_digest(campaign)
        if count:
            record("signatures.digest", campaign.slug, count=count)
            db.session.commit()
        click.echo(f"{campaign.slug}: {count} letters in today's digest")
