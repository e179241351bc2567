"""``flask signatures purge``: the retention purge of closed campaigns."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from undersigned.audit.log import record
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.privacy import service as privacy


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Show how much would be anonymised; change nothing.")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    """Anonymise the signatures and help requests of every campaign closed more than
    PURGE_AFTER_DAYS days ago and empty their sent e-mails; counts, statuses, countries and dates
    stay. Safe to run daily."""
    after_days = current_app.config["PURGE_AFTER_DAYS"]
    report = privacy.purge(registry_of(), after_days=after_days, dry_run=dry_run)
    if not report.campaigns:
        click.echo(f"no campaign closed more than {after_days} days ago")
        return
    if not dry_run:
        record("signatures.purge", campaigns=list(report.campaigns), signatures=report.signatures,
               messages=report.messages, help_requests=report.help_requests)
        db.session.commit()
    verb = "would anonymise" if dry_run else "anonymised"
    click.echo(f"{verb} {report.signatures} signatures and {'would empty' if dry_run else 'emptied'} "
               f"{report.messages} e-mails of {len(report.campaigns)} campaigns closed more than "
               f"{after_days} days ago: {', '.join(report.campaigns)}; "
               f"{verb} {report.help_requests} help requests")
