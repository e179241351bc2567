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
    """``image`` (with its audio alternative), ``altcha``, ``recaptcha``, ``hcaptcha``,
    ``turnstile`` and ``test``."""
    if name == "image":
        from undersigned.captcha.image import ImageCaptcha
        return ImageCaptcha(app)
    if name == "altcha":
        from undersigned.captcha.altcha import AltchaCaptcha
        return AltchaCaptcha(app)
    if name == "test":
        from undersigned.captcha.fixed import FixedAnswerCaptcha
        return FixedAnswerCaptcha(app)
    from undersigned.captcha.hosted import hosted_provider
    return hosted_provider(name, app)


@hookimpl(trylast=True)
def undersigned_delivery_channel(name: str) -> DeliveryChannel | None:
    from undersigned.delivery.channels import CHANNELS
    return CHANNELS.get(name)


@hookimpl(trylast=True)
def undersigned_mail_transport(name: str, app: Flask) -> MailTransport | None:
    transports = {"smtp": SMTPTransport, "mailbox": MailboxTransport}
    return transports[name](app) if name in transports else None
