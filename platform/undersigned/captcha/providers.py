"""Looking up the configured captcha provider, and checking it when the app starts."""
from __future__ import annotations

from flask import Flask, current_app

from undersigned.app_state import hooks
from undersigned.captcha.base import CaptchaProvider

BUILT_IN = ("image", "altcha", "recaptcha", "hcaptcha", "turnstile", "test")


def _lookup(app: Flask, name: str) -> CaptchaProvider:
    provider = hooks(app).undersigned_captcha_provider(name=name, app=app)
    if provider is None:
        raise RuntimeError(f"CAPTCHA_PROVIDER={name!r}: no such captcha provider "
                           f"(built in: {', '.join(BUILT_IN)}; plugins may add more)")
    return provider


def configure_captcha(app: Flask) -> None:
    """Refuse to start with an unknown or misconfigured provider (missing keys, the ``test``
    provider outside testing or debugging) rather than fail on the first signature."""
    _lookup(app, app.config["CAPTCHA_PROVIDER"])


def current_provider() -> CaptchaProvider:
    """The provider named by ``CAPTCHA_PROVIDER``, built once per app."""
    cache = current_app.extensions.setdefault("undersigned.captcha", {})
    name = current_app.config["CAPTCHA_PROVIDER"]
    if name not in cache:
        cache[name] = _lookup(current_app._get_current_object(), name)
    return cache[name]
