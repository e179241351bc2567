"""Looking up the configured captcha provider."""
from __future__ import annotations

from flask import current_app

from undersigned.app_state import hooks
from undersigned.captcha.base import CaptchaProvider


def current_provider() -> CaptchaProvider:
    """The provider named by ``CAPTCHA_PROVIDER``, built once per app."""
    cache = current_app.extensions.setdefault("undersigned.captcha", {})
    name = current_app.config["CAPTCHA_PROVIDER"]
    if name not in cache:
        provider = hooks().undersigned_captcha_provider(name=name, app=current_app._get_current_object())
        if provider is None:
            raise RuntimeError(f"no captcha provider called {name!r}")
        cache[name] = provider
    return cache[name]
