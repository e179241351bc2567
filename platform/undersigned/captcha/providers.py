"""The configured captcha provider: looked up by name (``CAPTCHA_PROVIDER``) through the plugin
contract, its routes registered under ``/captcha`` and its CSP sources added to every page."""
from __future__ import annotations

from flask import Flask, current_app

from undersigned.contract import CaptchaProvider
from undersigned.contract.state import hooks
from undersigned.security.headers import add_csp_sources

EXTENSION = "undersigned.captcha"


def _lookup(app: Flask, name: str) -> CaptchaProvider:
    provider = hooks(app).undersigned_captcha_provider(name=name, app=app)
    if provider is None:
        raise RuntimeError(f"CAPTCHA_PROVIDER={name!r}: no such captcha provider (the core's are image, "
                           "altcha, recaptcha, hcaptcha, turnstile and test; plugins may add more)")
    return provider


def configure_captcha(app: Flask) -> None:
    """Build the configured provider and register its routes under ``/captcha``. Refuse to
    start with an unknown or misconfigured provider (missing keys, the ``test`` provider
    outside testing or debugging) rather than fail on the first signature."""
    provider = _lookup(app, app.config["CAPTCHA_PROVIDER"])
    if provider.blueprint is not None:
        app.register_blueprint(provider.blueprint, url_prefix="/captcha")
    add_csp_sources(app, lambda: current_provider().csp)


def current_provider() -> CaptchaProvider:
    """The provider named by ``CAPTCHA_PROVIDER``, built once per app when first needed (so a
    plugin registered after the app was built, as tests do, is still asked)."""
    cache = current_app.extensions.setdefault(EXTENSION, {})
    name = current_app.config["CAPTCHA_PROVIDER"]
    if name not in cache:
        cache[name] = _lookup(current_app._get_current_object(), name)
    return cache[name]
