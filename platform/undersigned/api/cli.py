"""``flask api ...``: the API's tokens, made, listed and revoked on the server; webhooks added,
listed, removed and delivered."""
from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from undersigned.api import tokens, webhooks
from undersigned.api.addresses import RefusedAddress
from undersigned.api.models import SCOPES, WRITE, WebhookEndpoint
from undersigned.audit.log import CLI
from undersigned.campaigns.lookup import campaign_or_fail
from undersigned.extensions import db

api_cli = AppGroup("api", help="The public API: tokens and webhooks for partners.")


@api_cli.group("token")
def token_group() -> None:
    """API tokens (sent in the OSDI-API-Token header)."""


@token_group.command("create")
@click.option("--campaign", "slugs", multiple=True, required=True, help="A campaign it reaches (repeat for more).")
@click.option("--scope", type=click.Choice(SCOPES), required=True, help="read: list signatures; write: also record them.")
@click.option("--label", default="", help="Whose token this is, to recognise it in lists.")
@click.option("--may-confirm", is_flag=True,
              help="With --scope write: the partner confirms signers' addresses itself, and a signature it "
                   "records with email_confirmed_by_partner counts at once, with no confirmation e-mail.")
def create_command(slugs: tuple[str, ...], scope: str, label: str, may_confirm: bool) -> None:
    """Make a token; its secret is printed once, alone on the last line, and kept nowhere."""
    if may_confirm and scope != WRITE:
        raise click.UsageError("--may-confirm needs --scope write: only a token that records signatures confirms them")
    for slug in slugs:
        campaign_or_fail(slug)
    token, secret = tokens.create(list(slugs), scope, label=label[:100], created_by=CLI, may_confirm=may_confirm)
    kind = f"{scope}, may confirm" if may_confirm else scope
    click.echo(f"token {token.id} ({kind}) for {', '.join(token.campaigns)}; its secret, shown only now:")
    click.echo(secret)


@token_group.command("list")
def list_command() -> None:
    """Every token: id, scope (``write+confirm`` when it may confirm), campaigns, label, when made,
    last used, and whether revoked."""
    for token in tokens.tokens():
        state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "valid"
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
        scope = f"{token.scope}+confirm" if token.may_confirm else token.scope
        click.echo(f"{token.id}\t{scope}\t{','.join(token.campaigns)}\t{token.label or '-'}\t"
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


@webhook_group.command("list")
@click.option("--campaign", "slug", required=True)
def webhook_list_command(slug: str) -> None:
    """The campaign's webhooks: id, URL, events, state, and how many messages wait."""
    campaign_or_fail(slug)
    for endpoint in webhooks.endpoints(slug):
        state = f"off since {endpoint.disabled_at:%Y-%m-%d %H:%M}" if endpoint.disabled_at else (
            f"failing since {endpoint.failing_since:%Y-%m-%d %H:%M}" if endpoint.failing_since else "on")
        click.echo(f"{endpoint.id}\t{endpoint.url}\t{','.join(endpoint.events)}\t{state}\t"
                   f"{webhooks.queued_count(endpoint)} waiting\tadded {endpoint.created_at:%Y-%m-%d}")


@webhook_group.command("remove")
@click.argument("endpoint_id", type=int)
def webhook_remove_command(endpoint_id: int) -> None:
    """Remove the webhook ENDPOINT_ID and its messages, those not sent yet included."""
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise click.ClickException(f"no webhook {endpoint_id} (see: flask api webhook list --campaign SLUG)")
    url, campaign = endpoint.url, endpoint.campaign
    dropped = webhooks.remove_endpoint(endpoint)
    click.echo(f"webhook {endpoint_id} of {campaign} ({url}) removed; {dropped} messages not sent yet dropped")


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
