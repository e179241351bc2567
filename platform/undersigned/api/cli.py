"""``flask api ...``: the API's tokens, made, listed and revoked on the server."""
from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from undersigned.api import tokens, webhooks
from undersigned.api.addresses import RefusedAddress
from undersigned.api.models import SCOPES
from undersigned.audit.log import CLI
from undersigned.campaigns.lookup import campaign_or_fail

api_cli = AppGroup("api", help="The public API: tokens and webhooks for partners.")


@api_cli.group("token")
def token_group() -> None:
    """API tokens (sent in the OSDI-API-Token header)."""


@token_group.command("create")
@click.option("--campaign", "slugs", multiple=True, required=True, help="A campaign it reaches (repeat for more).")
@click.option("--scope", type=click.Choice(SCOPES), required=True, help="read: list signatures; write: also record them.")
@click.option("--label", default="", help="Whose token this is, to recognise it in lists.")
def create_command(slugs: tuple[str, ...], scope: str, label: str) -> None:
    """Make a token; its secret is printed once, alone on the last line, and kept nowhere."""
    for slug in slugs:
        campaign_or_fail(slug)
    token, secret = tokens.create(list(slugs), scope, label=label[:100], created_by=CLI)
    click.echo(f"token {token.id} ({scope}) for {', '.join(token.campaigns)}; its secret, shown only now:")
    click.echo(secret)


@token_group.command("list")
def list_command() -> None:
    """Every token: id, scope, campaigns, label, when made, last used, and whether revoked."""
    for token in tokens.tokens():
        state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "valid"
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
        click.echo(f"{token.id}\t{token.scope}\t{','.join(token.campaigns)}\t{token.label or '-'}\t"
                   f"made {token.created_at:%Y-%m-%d} by {token.created_by}\tlast used {used}\t{state}")


@token_group.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int) -> None:
    """Revoke the token TOKEN_ID at once and for good."""
    if tokens.revoke(token_id) is None:
        raise click.ClickException(f"no valid token {token_id} (see: flask api token list)")
    click.echo(f"token {token_id} revoked")


@api_cli.group("webhook")
def webhook_group() -> None:
    """Webhooks: a campaign's events posted to a partner's URL, signed (Standard Webhooks)."""


@webhook_group.command("add")
@click.option("--campaign", "slug", required=True)
@click.option("--event", "events", multiple=True, type=click.Choice(webhooks.EVENTS),
              help="An event to send (repeat for more; none: all).")
@click.argument("url")
def webhook_add_command(slug: str, events: tuple[str, ...], url: str) -> None:
    """Post the campaign's events to URL; the signing secret is printed once, alone on the last line."""
    campaign_or_fail(slug)
    try:
        endpoint, secret = webhooks.add_endpoint(slug, url, list(events))
    except RefusedAddress as refused:
        raise click.ClickException(f"refused: {refused}") from None
    click.echo(f"webhook {endpoint.id} for {slug}: {', '.join(endpoint.events)}; its signing secret, shown only now:")
    click.echo(secret)


@webhook_group.command("deliver")
@click.option("--loop", is_flag=True, help="Keep delivering, every WEBHOOK_POLL_SECONDS.")
def webhook_deliver_command(loop: bool) -> None:
    """Post the webhooks that are due (retries included)."""
    while True:
        arrived = webhooks.deliver_due()
        if not loop:
            click.echo(f"{arrived} delivered")
            return
        time.sleep(current_app.config["WEBHOOK_POLL_SECONDS"])
