"""Finding a campaign's delivery channel, the channels an app serves, and the campaign a
channel's page names."""
from __future__ import annotations

from typing import Iterable

import click
import pluggy
from flask import Blueprint, Flask, abort

from undersigned.app_state import hooks, registry_of, state_of
from undersigned.campaigns.model import Campaign
from undersigned.delivery.base import DeliveryChannel


def channel_of(campaign: Campaign, app: Flask | None = None) -> DeliveryChannel:
    """The delivery channel ``campaign`` uses (checked when the campaign was loaded)."""
    return hooks(app).undersigned_delivery_channel(name=campaign.channel)


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
        campaign = registry_of().get((values or {}).get("slug", ""))
        if campaign is None or channel_of(campaign).blueprint is not blueprint:
            abort(404)

    return blueprint
