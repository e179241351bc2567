"""``flask signatures remind``: the ``self_submit`` channel's one reminder to send the letter."""
from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext

from undersigned.audit.log import record
from undersigned.campaigns.lookup import campaign_or_fail
from undersigned.contract import channel_of
from undersigned.contract.state import registry_of
from undersigned.delivery.self_submit import service
from undersigned.extensions import db


@click.command("remind")
@click.argument("slug", required=False)
@with_appcontext
def remind_command(slug: str | None) -> None:
    """Remind, once, each supporter of SLUG (or of every campaign where supporters send the
    letter themselves) who confirmed SELF_SUBMIT_REMINDER_DAYS ago or more and has not reported
    sending it. Safe to run daily; does nothing for a closed campaign or when the setting is off."""
    days = current_app.config.get("SELF_SUBMIT_REMINDER_DAYS")
    if not days:
        click.echo("reminders are off (SELF_SUBMIT_REMINDER_DAYS is not set)")
        return
    if not (current_app.config.get("PUBLIC_URL") or current_app.config.get("SERVER_NAME")):
        raise click.ClickException("a reminder links to the campaign, so PUBLIC_URL must be set, even when "
                                   "debugging: FLASK_PUBLIC_URL=http://127.0.0.1:5000 on a development machine")
    campaigns = [campaign_or_fail(slug)] if slug else list(registry_of())
    campaigns = [c for c in campaigns if channel_of(c).supporter_reports_sending]
    if slug and not campaigns:
        raise click.ClickException(f"on {slug} the supporters do not send the letter themselves")
    for campaign in campaigns:
        count = service.remind(campaign, dt.timedelta(days=int(days)))
        if count:
            record("signatures.remind", campaign.slug, count=count)
            db.session.commit()
        click.echo(f"{campaign.slug}: {count} reminders queued")
