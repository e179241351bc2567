"""Telling plugins about events, through pluggy's own hook callers; a campaign's channel.

Each listening plugin is called on its own (``pm.subset_hook_caller`` without the other
listeners), in pluggy's order: hook-call monitoring sees every call and every wrapper runs around
it, while a plugin that raises is logged with its traceback and never silences the next one,
nor fails the supporter's request or the organizer's command.
"""
from __future__ import annotations

import logging
from typing import Any

import pluggy
from flask import Flask

from undersigned.contract.campaign import Campaign
from undersigned.contract.channel import DeliveryChannel
from undersigned.contract.state import hooks, state_of

log = logging.getLogger(__name__)


def notify(event: str, **kwargs: Any) -> None:
    """Call every plugin's implementation of the event hook ``event`` with ``kwargs``."""
    notify_plugins(state_of().plugins, event, **kwargs)


def notify_plugins(pm: pluggy.PluginManager, event: str, **kwargs: Any) -> None:
    """:func:`notify` for the plugin manager ``pm``."""
    listeners = [impl for impl in getattr(pm.hook, event).get_hookimpls()
                 if not (impl.wrapper or impl.hookwrapper)]
    for listener in reversed(listeners):  # pluggy's order: last registered, tryfirst first
        others = [impl.plugin for impl in listeners if impl is not listener]
        try:
            pm.subset_hook_caller(event, remove_plugins=others)(**kwargs)
        except Exception:
            log.exception("plugin %s failed in %s", listener.plugin_name, event)


def channel_of(campaign: Campaign, app: Flask | None = None) -> DeliveryChannel:
    """The delivery channel ``campaign`` uses (checked when the campaign was loaded)."""
    return hooks(app).undersigned_delivery_channel(name=campaign.channel)
