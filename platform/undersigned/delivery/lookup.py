"""The delivery channels an app serves (their pages and commands), and the campaign a channel's
page names. A campaign's own channel is :func:`undersigned.contract.channel_of`."""
from __future__ import annotations

from typing import Iterable

import click
import pluggy
from flask import Blueprint, Flask, abort

from undersigned.contract import DeliveryChannel, channel_of
from undersigned.contract.state import registry_of, state_of


def resolve_channels(pm: pluggy.PluginManager, names: Iterable[str]) -> dict[str, DeliveryChannel]:
    """Each of ``names`` that a plugin (or the core) provides, by name."""
    found = {name: pm.hook.undersigned_delivery_channel(name=name) for name in sorted(set(names))}
    return {name: channel for name, channel in found.items() if isinstance(channel, DeliveryChannel)}


def channel_blueprints(app: Flask) -> list[Blueprint]:
    """The blueprints of the channels ``app`` serves, each once."""
    blueprints: list[Blueprint] = []
    for channel in state_of(app).channels.values():
        if channel.blueprint is not None and channel.blueprint not in blueprints:
            blueprints.append(channel.blueprint)
    return blueprints


def channel_commands(app: Flask) -> list[click.Command]:
    """The CLI commands of the channels ``app`` serves, each once."""
    commands: list[click.Command] = []
    for channel in state_of(app).channels.values():
        commands += [command for command in channel.cli_commands if command not in commands]
    return commands


def channel_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint for a channel's pages, registered under ``/c/<slug>``: a page of a campaign
    that does not use a channel with this blueprint is not found."""
    blueprint = Blueprint(name, import_name)

    @blueprint.url_value_preprocessor
    def only_this_channels_campaigns(endpoint: str | None, values: dict | None) -> None:
        # the plugin's campaign: settings never change its channel, so no query for them here
        campaign = registry_of().campaigns.get((values or {}).get("slug", ""))
        if campaign is None or channel_of(campaign).blueprint is not blueprint:
            abort(404)

    return blueprint
