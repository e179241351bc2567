"""The plugin contract: every hook a campaign plugin may implement.

Documented for organizers in ``docs/plugins.md``; a test checks every hook appears there and
another that every hook is exercised. Implement a hook with ``@hookimpl`` from
:mod:`undersigned.plugins`. Provider hooks are ``firstresult``: the core's own providers are
ordinary implementations marked ``trylast``, so a plugin can replace any of them by name.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

import pluggy

if TYPE_CHECKING:
    from flask import Flask

    from undersigned.campaigns.model import Campaign
    from undersigned.captcha.base import CaptchaProvider
    from undersigned.delivery.base import DeliveryChannel
    from undersigned.mail.transports import MailTransport
    from undersigned.signing.models import Signature

PROJECT = "undersigned"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def undersigned_campaigns(config: Mapping[str, Any]) -> list[Campaign]:
    """Return the campaigns this plugin provides, built from the app's ``config``."""


@hookspec(firstresult=True)
def undersigned_captcha_provider(name: str, app: Flask) -> CaptchaProvider | None:
    """Return the captcha provider called ``name``, or ``None`` if this plugin has none."""


@hookspec(firstresult=True)
def undersigned_delivery_channel(name: str) -> DeliveryChannel | None:
    """Return the ``DeliveryChannel`` called ``name`` (``email``, ``self_submit``, ``joint``...)."""


@hookspec(firstresult=True)
def undersigned_mail_transport(name: str, app: Flask) -> MailTransport | None:
    """Return the mail transport called ``name`` (``smtp``, ``mailbox``...)."""


@hookspec
def undersigned_signature_created(signature: Signature, campaign: Campaign) -> None:
    """A supporter signed; the signature is pending until they confirm by e-mail."""


@hookspec
def undersigned_signature_confirmed(signature: Signature, campaign: Campaign) -> None:
    """A signature was confirmed and now counts."""


@hookspec
def undersigned_signature_removed(signature: Signature, campaign: Campaign, reason: str) -> None:
    """A signature stopped counting: ``reason`` is ``withdrawn`` or ``invalidated``."""


@hookspec
def undersigned_signature_delivered(signature: Signature, campaign: Campaign) -> None:
    """The letter reached its recipient, or the supporter reported sending it themselves."""
