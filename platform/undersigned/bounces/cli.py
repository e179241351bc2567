"""``flask mail ...``: read the bounce Maildir, clear old raw reports, lift a suppression."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from undersigned.bounces.maildir import read_new
from undersigned.security.identity import InvalidEmail, normalise_email
from undersigned.suppression import service

mail_cli = AppGroup("mail", help="Bounces, complaints and the suppression list.")


@mail_cli.command("bounces")
@click.option("--maildir", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The Maildir the bounce address (MAIL_BOUNCE_ADDRESS) delivers to.")
def bounces_command(folder: Path) -> None:
    """Take in each new bounce and complaint in a Maildir once, then move it to its cur/ folder;
    run it every few minutes (cron)."""
    app = current_app._get_current_object()
    try:
        outcomes = read_new(app, folder)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(", ".join(f"{outcome} {count}" for outcome, count in sorted(outcomes.items())) or "no new messages")


@mail_cli.command("purge")
@click.option("--days", type=float, default=None,
              help="Clear raw reports received more than this many days ago (default BOUNCE_KEEP_DAYS).")
def purge_command(days: float | None) -> None:
    """Clear the raw bounce and complaint messages kept for diagnosis; run daily."""
    days = current_app.config["BOUNCE_KEEP_DAYS"] if days is None else days
    click.echo(f"purged {service.purge_raw(days)}")


@mail_cli.command("lift")
@click.argument("address")
def lift_command(address: str) -> None:
    """Take ADDRESS off the suppression list, so mail to it is sent again."""
    try:
        suppression = service.is_suppressed(normalise_email(address))
    except InvalidEmail as exc:
        raise click.BadParameter(str(exc)) from None
    if suppression is None or not service.lift(suppression.id):
        raise click.ClickException("that address is not suppressed")
    click.echo(f"lifted suppression {suppression.id}")
