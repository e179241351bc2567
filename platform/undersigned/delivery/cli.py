"""``flask signatures log``: one signature's delivery log."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from undersigned.campaigns.lookup import campaign_or_fail
from undersigned.delivery.log import delivery_log, signature_named


@click.command("log")
@click.argument("slug")
@click.argument("who")
@with_appcontext
def log_command(slug: str, who: str) -> None:
    """Delivery log of one signature of SLUG (WHO: its id or e-mail address): each message
    queued for it, its status, attempts, last error and when it was sent."""
    campaign_or_fail(slug)
    try:
        signature = signature_named(slug, who)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if signature is None:
        raise click.ClickException(f"no signature {who} on {slug}")
    entries = delivery_log(signature)
    if not entries:
        click.echo("no messages")
    for entry in entries:
        sent = f"sent {entry.sent_at:%Y-%m-%d %H:%M}" if entry.sent_at else ""
        digest = f"in digest {entry.via_digest}" if entry.via_digest else ""
        error = f"last error: {entry.last_error}" if entry.last_error else ""
        details = "  ".join(filter(None, (digest, sent, error)))
        click.echo(f"{entry.queued_at:%Y-%m-%d %H:%M}  {entry.kind:<13} {entry.status:<8} "
                   f"attempts: {entry.attempts}  {details}".rstrip())
