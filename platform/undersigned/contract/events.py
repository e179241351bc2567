"""Telling plugins about events, through pluggy's own hook callers; a campaign's channel; the
names of the changes ``undersigned_event_before_commit`` reports.

Each listening plugin is called on its own (``pm.subset_hook_caller`` without the other
listeners), in pluggy's order: hook-call monitoring sees every call and every wrapper runs around
it, while a plugin that raises is logged with its traceback and never silences the next one,
nor fails the supporter's request or the organizer's command.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

import pluggy
from flask import Flask

from undersigned.contract.campaign import Campaign
from undersigned.contract.channel import DeliveryChannel
from undersigned.contract.state import hooks, state_of

log = logging.getLogger(__name__)

#: The changes :func:`~undersigned.contract.hookspecs.undersigned_event_before_commit` reports.
SIGNATURE_CONFIRMED = "signature.confirmed"
SIGNATURE_WITHDRAWN = "signature.withdrawn"
SIGNATURE_INVALIDATED = "signature.invalidated"
SIGNATURE_ERASED = "signature.erased"
LETTER_DELIVERED = "letter.delivered"
BEFORE_COMMIT_EVENTS = (SIGNATURE_CONFIRMED, SIGNATURE_WITHDRAWN, SIGNATURE_INVALIDATED, SIGNATURE_ERASED,
                        LETTER_DELIVERED)


def notify(event: str, **kwargs: Any) -> None:
    """Call every plugin's implementation of the event hook ``event`` with ``kwargs``."""
    notify_plugins(state_of().plugins, event, **kwargs)


def notify_plugins(pm: pluggy.PluginManager, event: str, **kwargs: Any) -> None:
    """:func:`notify` for the plugin manager ``pm``."""
    for name, call in listeners(pm, event):
        try:
            call(**kwargs)
        except Exception:
            log.exception("plugin %s failed in %s", name, event)


def listeners(pm: pluggy.PluginManager, hook: str) -> list[tuple[str, Callable[..., Any]]]:
    """Each plugin implementing ``hook``, in pluggy's order (last registered, ``tryfirst`` first),
    as its name and a caller of that plugin alone, around which monitoring and wrappers still run."""
    implementations = [impl for impl in getattr(pm.hook, hook).get_hookimpls()
                       if not (impl.wrapper or impl.hookwrapper)]
    return [(impl.plugin_name,
             pm.subset_hook_caller(hook, remove_plugins=[other.plugin for other in implementations
                                                         if other is not impl]))
            for impl in reversed(implementations)]


def channel_of(campaign: Campaign, app: Flask | None = None) -> DeliveryChannel:
    """The delivery channel ``campaign`` uses (checked when the campaign was loaded)."""
    return hooks(app).undersigned_delivery_channel(name=campaign.channel)
