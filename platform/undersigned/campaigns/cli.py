"""``flask campaigns list``, ``check`` and ``new`` (``referrals`` comes from ``signing/cli.py``)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from undersigned.campaigns import counters
from undersigned.campaigns.lookup import campaign_or_fail
from undersigned.campaigns.placeholders import leftover_placeholders
from undersigned.campaigns.publication import is_draft, publish
from undersigned.campaigns.scaffolding import ScaffoldError, create
from undersigned.contract import Campaign, DeliveryChannel, channel_of
from undersigned.contract.state import registry_of
from undersigned.extensions import db

campaigns_cli = AppGroup("campaigns", help="The campaigns plugins provide.")


@campaigns_cli.command("list")
def list_command() -> None:
    """Every campaign with its status, languages, channel and source; then what failed."""
    registry = registry_of()
    for campaign in registry:
        draft = "  [draft]" if is_draft(campaign) else ""
        click.echo(f"{campaign.slug}  [{campaign.status()}]{draft}  {campaign.title}")
        click.echo(f"    languages: {', '.join(campaign.languages)}  channel: {campaign.channel}  "
                   f"source: {registry.sources[campaign.slug]}")
        click.echo(f"    {_counts(campaign)}")
    for problem in registry.problems:
        what = f"{problem.slug} (plugin {problem.plugin})" if problem.slug else f"plugin {problem.plugin}"
        click.secho(f"{what}  [failed]  {problem.message}", fg="red")
        click.echo(f"    source: {problem.source}")


def _counts(campaign: Campaign) -> str:
    """Confirmed, and what the campaign's channel counts of its deliveries."""
    channel = channel_of(campaign)
    try:
        totals = counters.totals(campaign.slug)
        counts = [f"confirmed: {totals.get(counters.CONFIRMED, 0)}"]
        if channel.supporter_reports_sending:
            counts.append(f"reported sent: {totals.get(counters.REPORTED_SENT, 0)}")
        delivered = channel.delivered_count(campaign)
    except SQLAlchemyError:
        db.session.rollback()
        return "counts unavailable: the database is not set up (flask db upgrade)"
    if delivered is not None:
        counts.append(f"delivered: {delivered}")
    return "  ".join(counts)


@campaigns_cli.command("check")
@click.option("--verbose", "-v", is_flag=True, help="Show the traceback of each plugin that raised.")
def check_command(verbose: bool) -> None:
    """Exit 1 if any campaign plugin failed to load, 2 if every one loaded but some campaign is
    incomplete (served, but missing something its channel needs, such as a form address).
    Notices (a plugin using a name deprecated in the plugin contract) are shown, never fatal."""
    registry = registry_of()
    for problem in registry.problems:
        what = problem.slug or problem.plugin
        click.secho(f"FAILED {what}: {problem.message} ({problem.source})", fg="red", err=True)
        if verbose and problem.traceback:
            click.echo(problem.traceback, err=True)
    for notice in registry.notices:
        click.secho(f"NOTICE {notice.plugin}: {notice.message} ({notice.source})", fg="yellow", err=True)
    incomplete = unfinished = 0
    for campaign in registry:
        warnings = channel_of(campaign).warnings(campaign)
        incomplete += bool(warnings)
        for warning in warnings:
            click.secho(f"INCOMPLETE {campaign.slug}: {warning}", fg="yellow", err=True)
        leftovers = leftover_placeholders(campaign)
        unfinished += bool(leftovers)
        for name, text in leftovers:
            click.secho(f"WARNING {campaign.slug}: template {name!r} still has the placeholder {text!r}: "
                        "write the letter there", fg="yellow", err=True)
    click.echo(f"{len(registry.campaigns)} campaigns ok, {len(registry.problems)} problems, "
               f"{incomplete} incomplete, {unfinished} with placeholders left in a letter")
    if registry.problems:
        raise SystemExit(1)
    if incomplete:
        raise SystemExit(2)


@campaigns_cli.command("publish")
@click.argument("slug")
def publish_command(slug: str) -> None:
    """Publish draft campaign SLUG: the public sees and signs it from now on (as the console's
    Publish button does; audited)."""
    campaign = campaign_or_fail(slug)
    if not publish(campaign):
        raise click.ClickException(f"{slug} is not a draft: it is published already")
    click.echo(f"{slug} is published")


@campaigns_cli.command("new")
@click.argument("name")
@click.option("--channel", default="email", show_default=True,
              help="The delivery channel: email, self_submit, joint or a plugin's.")
@click.option("--title", help="The campaign's title, in English (default: from NAME).")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write it (default: CAMPAIGNS_FOLDER, which the app loads at start).")
def new_command(name: str, channel: str, title: str | None, folder: Path | None) -> None:
    """Write a working campaign plugin NAME: its hook, letter, reading translations, catalogs
    and a test. It is served the next time the app starts."""
    plugins = current_app.extensions["undersigned"].plugins
    if not isinstance(plugins.hook.undersigned_delivery_channel(name=channel), DeliveryChannel):
        raise click.BadParameter(f"no delivery channel is called {channel!r}", param_hint="--channel")
    folder = folder or Path(current_app.config["CAMPAIGNS_FOLDER"])
    try:
        target = create(current_app, name, folder=folder, channel=channel,
                        title=title or name.replace("_", " ").capitalize())
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created campaign {name} in {target}")
    click.echo(f"next: edit {target / '__init__.py'} and {target / 'templates'}; translate the title in "
               f"{target / 'translations'} and run: flask translations compile --domain {name}")
    click.echo(f"check it: flask campaigns check; test it: pytest {target / f'test_{name}.py'}")
    click.echo("it starts as a draft: preview it from the console, then publish it there")
