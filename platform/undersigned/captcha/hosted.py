"""``recaptcha``, ``hcaptcha``, ``turnstile``: hosted services, for organizers who prefer them.

The widget comes from the service (their script, their frames: the page's CSP allows exactly
those origins while the provider is in use). On submit the server asks the service's
``siteverify`` endpoint whether the token is good: ``CAPTCHA_SECRET_KEY`` and the token, nothing
about the person (no IP is sent). A token is also marked used here, so a replay is refused even
before asking. An unreachable or confused service is a refusal, never an error page.

Settings: ``CAPTCHA_SITE_KEY``, ``CAPTCHA_SECRET_KEY``, ``CAPTCHA_VERIFY_URL`` (defaults to the
service's own; tests point it at a local fake), ``CAPTCHA_VERIFY_TIMEOUT``.
"""
from __future__ import annotations

import hashlib
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Mapping

from flask import Flask

from undersigned.captcha.base import mark_used
from undersigned.contract import CaptchaProvider
from undersigned.i18n.translate import lazy_gettext as _l

log = logging.getLogger(__name__)
MAX_TOKEN_LENGTH = 8192
REPLAY_TTL = 3600


@dataclass(frozen=True)
class Service:
    name: str
    same_page_for_every_reader = True  # the site key is the same for everyone
    script: str
    widget_class: str
    field: str
    verify_url: str
    csp: Mapping[str, tuple[str, ...]]
    language_param: str


SERVICES = {service.name: service for service in (
    Service("recaptcha", "https://www.google.com/recaptcha/api.js", "g-recaptcha", "g-recaptcha-response",
            "https://www.google.com/recaptcha/api/siteverify",
            {"script-src": ("https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"),
             "frame-src": ("https://www.google.com/recaptcha/", "https://recaptcha.google.com/recaptcha/")},
            "hl"),
    Service("hcaptcha", "https://js.hcaptcha.com/1/api.js", "h-captcha", "h-captcha-response",
            "https://api.hcaptcha.com/siteverify",
            {"script-src": ("https://hcaptcha.com", "https://*.hcaptcha.com"),
             "frame-src": ("https://hcaptcha.com", "https://*.hcaptcha.com"),
             "style-src": ("https://hcaptcha.com", "https://*.hcaptcha.com"),
             "connect-src": ("https://hcaptcha.com", "https://*.hcaptcha.com")},
            "hl"),
    Service("turnstile", "https://challenges.cloudflare.com/turnstile/v0/api.js", "cf-turnstile",
            "cf-turnstile-response", "https://challenges.cloudflare.com/turnstile/v0/siteverify",
            {"script-src": ("https://challenges.cloudflare.com",),
             "frame-src": ("https://challenges.cloudflare.com",)},
            ""),
)}


class HostedCaptcha(CaptchaProvider):
    template = "captcha/hosted.html"
    failure_message = _l("We could not confirm that a person is sending this form. Please complete "
                         "the check above the button again, then send the form.")

    def __init__(self, app: Flask, service: Service) -> None:
        self.service = service
        self.name = service.name
        self.csp = service.csp
        self.site_key = app.config.get("CAPTCHA_SITE_KEY")
        self.secret_key = app.config.get("CAPTCHA_SECRET_KEY")
        if not (self.site_key and self.secret_key):
            raise RuntimeError(f"CAPTCHA_PROVIDER={service.name} needs CAPTCHA_SITE_KEY and "
                               f"CAPTCHA_SECRET_KEY (FLASK_CAPTCHA_SITE_KEY, FLASK_CAPTCHA_SECRET_KEY)")
        self.verify_url = app.config.get("CAPTCHA_VERIFY_URL") or service.verify_url
        self.timeout = float(app.config["CAPTCHA_VERIFY_TIMEOUT"])

    def challenge(self) -> Mapping[str, Any]:
        return {"site_key": self.site_key, "script": self.service.script,
                "widget_class": self.service.widget_class, "language_param": self.service.language_param}

    def verify(self, form: Mapping[str, str]) -> bool:
        token = form.get(self.service.field, "")
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
            return False
        if not mark_used(f"{self.name}:{hashlib.sha256(token.encode()).hexdigest()}", REPLAY_TTL):
            return False
        return self._siteverify(token)

    def _siteverify(self, token: str) -> bool:
        body = urllib.parse.urlencode({"secret": self.secret_key, "response": token}).encode()
        request = urllib.request.Request(self.verify_url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read(65536))
        except (OSError, ValueError) as exc:  # unreachable, timed out, not JSON: refuse
            log.warning("%s siteverify failed: %s", self.name, type(exc).__name__)
            return False
        if not isinstance(answer, dict):
            return False
        if answer.get("success") is not True:
            codes = answer.get("error-codes")
            log.info("%s refused a token: %s", self.name,
                     ",".join(str(c)[:40] for c in codes[:5]) if isinstance(codes, list) else "no reason")
            return False
        return True
