"""The built-in captcha providers, looking up the configured one, and registering its routes."""
from __future__ import annotations

from typing import Callable

from flask import Flask, current_app

from undersigned.app_state import hooks
from undersigned.captcha.base import CaptchaProvider
from undersigned.captcha.fixed import FixedAnswerCaptcha
from undersigned.captcha.hosted import SERVICES, HostedCaptcha, Service

EXTENSION = "undersigned.captcha"


def _image(app: Flask) -> CaptchaProvider:
    from undersigned.captcha.image import ImageCaptcha
    return ImageCaptcha(app)


def _altcha(app: Flask) -> CaptchaProvider:
    from undersigned.captcha.altcha import AltchaCaptcha
    return AltchaCaptcha(app)


def _hosted(service: Service) -> Callable[[Flask], CaptchaProvider]:
    return lambda app: HostedCaptcha(app, service)


#: The core's providers by name (the image and altcha modules import this one, hence the
#: deferred imports); ``plugins/defaults.py`` offers them through the hook.
BUILT_IN: dict[str, Callable[[Flask], CaptchaProvider]] = {
    "image": _image, "altcha": _altcha,
    **{name: _hosted(service) for name, service in SERVICES.items()},
    "test": FixedAnswerCaptcha,
}


def _lookup(app: Flask, name: str) -> CaptchaProvider:
    provider = hooks(app).undersigned_captcha_provider(name=name, app=app)
    if provider is None:
        raise RuntimeError(f"CAPTCHA_PROVIDER={name!r}: no such captcha provider "
                           f"(built in: {', '.join(BUILT_IN)}; plugins may add more)")
    return provider


def configure_captcha(app: Flask) -> None:
    """Build the configured provider and register its routes under ``/captcha``. Refuse to
    start with an unknown or misconfigured provider (missing keys, the ``test`` provider
    outside testing or debugging) rather than fail on the first signature."""
    provider = _lookup(app, app.config["CAPTCHA_PROVIDER"])
    if provider.blueprint is not None:
        app.register_blueprint(provider.blueprint, url_prefix="/captcha")


def current_provider() -> CaptchaProvider:
    """The provider named by ``CAPTCHA_PROVIDER``, built once per app when first needed (so a
    plugin registered after the app was built, as tests do, is still asked)."""
    cache = current_app.extensions.setdefault(EXTENSION, {})
    name = current_app.config["CAPTCHA_PROVIDER"]
    if name not in cache:
        cache[name] = _lookup(current_app._get_current_object(), name)
    return cache[name]
