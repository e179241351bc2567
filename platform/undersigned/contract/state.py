"""What the app factory keeps in ``app.extensions["undersigned"]``: the plugin manager, the
campaigns being served and the delivery channels, read by everything above the contract."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Mapping, Protocol

import pluggy
from flask import Flask, current_app
from flask_babel import Domain

from undersigned.contract.campaign import Campaign
from undersigned.contract.channel import DeliveryChannel
from undersigned.contract.problems import PluginProblem

EXTENSION = "undersigned"


class CampaignSource(Protocol):
    """The campaigns an app serves (``undersigned.campaigns.registry.CampaignRegistry``).

    ``get`` and iterating give each campaign with the settings organizers changed in the console
    applied; ``campaigns`` holds them as their plugins describe them."""

    campaigns: Mapping[str, Campaign]
    #: Where each campaign came from (``entry point ...``, ``folder ...``), by slug.
    sources: Mapping[str, str]
    #: Each campaign's gettext domain, by slug.
    domains: Mapping[str, Domain]
    problems: list[PluginProblem]

    def get(self, slug: str) -> Campaign | None: ...

    def __iter__(self) -> Iterator[Campaign]: ...


@dataclass
class PlatformState:
    plugins: pluggy.PluginManager
    campaigns: CampaignSource
    #: The delivery channels whose routes, templates and commands the app serves, by name.
    channels: dict[str, DeliveryChannel] = field(default_factory=dict)


def state_of(app: Flask | None = None) -> PlatformState:
    """The platform's state in ``app`` (the current app by default)."""
    return (app or current_app).extensions[EXTENSION]


def registry_of(app: Flask | None = None) -> CampaignSource:
    """The campaigns ``app`` serves."""
    return state_of(app).campaigns


def hooks(app: Flask | None = None) -> pluggy.HookRelay:
    """The plugin hooks of ``app`` (the current app by default)."""
    return state_of(app).plugins.hook
