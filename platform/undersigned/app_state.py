"""What the app factory keeps in ``app.extensions['undersigned']``: plugins, campaigns and the
delivery channels served."""
from __future__ import annotations

from dataclasses import dataclass, field

import pluggy
from flask import Flask, current_app

from undersigned.campaigns.registry import CampaignRegistry
from undersigned.delivery.base import DeliveryChannel


@dataclass
class PlatformState:
    plugins: pluggy.PluginManager
    campaigns: CampaignRegistry
    #: The delivery channels whose routes, templates and commands the app serves, by name.
    channels: dict[str, DeliveryChannel] = field(default_factory=dict)


def state_of(app: Flask | None = None) -> PlatformState:
    return (app or current_app).extensions["undersigned"]


def registry_of(app: Flask | None = None) -> CampaignRegistry:
    return state_of(app).campaigns


def hooks(app: Flask | None = None) -> pluggy.HookRelay:
    """The plugin hooks of ``app`` (the current app by default)."""
    return state_of(app).plugins.hook
