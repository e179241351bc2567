"""The core's captcha providers, offered through the plugin contract as ``trylast`` defaults any
plugin can replace by answering for the same name first."""
from __future__ import annotations

from typing import Callable

from flask import Flask

from undersigned.captcha.altcha import AltchaCaptcha
from undersigned.captcha.fixed import FixedAnswerCaptcha
from undersigned.captcha.hosted import SERVICES, HostedCaptcha, Service
from undersigned.captcha.image import ImageCaptcha
from undersigned.contract import CaptchaProvider, hookimpl


def _hosted(service: Service) -> Callable[[Flask], CaptchaProvider]:
    return lambda app: HostedCaptcha(app, service)


#: The core's providers by name, each built for an app.
BUILT_IN: dict[str, Callable[[Flask], CaptchaProvider]] = {
    "image": ImageCaptcha, "altcha": AltchaCaptcha,
    **{name: _hosted(service) for name, service in SERVICES.items()},
    "test": FixedAnswerCaptcha,
}


@hookimpl(trylast=True)
def undersigned_captcha_provider(name: str, app: Flask) -> CaptchaProvider | None:
    return BUILT_IN[name](app) if name in BUILT_IN else None
