"""The core's own providers, as ordinary ``trylast`` hook implementations any plugin can
override by answering for the same name first."""
from __future__ import annotations

from flask import Flask

from undersigned.captcha.base import CaptchaProvider
from undersigned.delivery.base import DeliveryChannel
from undersigned.mail.transports import MailboxTransport, MailTransport, SMTPTransport
from undersigned.plugins.hookspecs import hookimpl


@hookimpl(trylast=True)
def undersigned_captcha_provider(name: str, app: Flask) -> CaptchaProvider | None:
    """The built-in providers (``captcha/providers.py``)."""
    from undersigned.captcha.providers import BUILT_IN
    return BUILT_IN[name](app) if name in BUILT_IN else None


@hookimpl(trylast=True)
def undersigned_delivery_channel(name: str) -> DeliveryChannel | None:
    from undersigned.delivery.channels import CHANNELS
    return CHANNELS.get(name)


@hookimpl(trylast=True)
def undersigned_mail_transport(name: str, app: Flask) -> MailTransport | None:
    transports = {"smtp": SMTPTransport, "mailbox": MailboxTransport}
    return transports[name](app) if name in transports else None
