"""``altcha``: proof of work instead of a puzzle (the ``altcha`` package, PoW v2).

The widget (vendored from the npm package ``altcha``, MIT, into ``captcha/static/altcha/``; see
the README there) fetches a signed challenge from ``/captcha/altcha/challenge``, lets the
browser find the answer in a few workers, and puts the solution into the form as ``altcha``.
The server checks the signature, expiry and solution, then marks the challenge used in the
rate-limit storage, so a solved challenge cannot be replayed. It needs JavaScript; the form
says so to people without it.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any, Mapping

from altcha import Payload, create_challenge, verify_solution
from flask import Flask

from undersigned.captcha.base import mark_used
from undersigned.i18n.translate import lazy_gettext as _l

ALGORITHM = "PBKDF2/SHA-256"
MAX_PAYLOAD_LENGTH = 4096


class AltchaCaptcha:
    name = "altcha"
    template = "captcha/altcha.html"
    field = "altcha"
    failure_message = _l("We could not confirm that a person is sending this form. Please wait for "
                         "the check next to the button to finish, then send the form again.")

    def __init__(self, app: Flask) -> None:
        self.ttl = int(app.config["CAPTCHA_TTL_SECONDS"])
        self.cost = int(app.config["ALTCHA_COST"])
        self.secret = hashlib.sha256(f"altcha:{app.config['SECRET_KEY']}".encode()).hexdigest()

    def challenge(self) -> Mapping[str, Any]:
        return {}  # the widget fetches a fresh challenge when it starts (new_challenge)

    def new_challenge(self) -> dict[str, Any]:
        """A signed challenge for the widget, expiring after ``CAPTCHA_TTL_SECONDS``."""
        expires = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=self.ttl)
        return create_challenge(algorithm=ALGORITHM, cost=self.cost, expires_at=expires,
                                hmac_secret=self.secret).to_dict()

    def verify(self, form: Mapping[str, str]) -> bool:
        payload = form.get(self.field, "")
        if not isinstance(payload, str) or not payload or len(payload) > MAX_PAYLOAD_LENGTH:
            return False
        try:
            parsed = Payload.from_dict(json.loads(base64.b64decode(payload, validate=True)))
            if parsed.challenge.parameters.algorithm != ALGORITHM:
                return False
            result = verify_solution(parsed, self.secret)
        except Exception:  # any malformed payload is a refusal, never an error page
            return False
        if not result.verified:
            return False
        return mark_used(f"altcha:{parsed.challenge.signature}", self.ttl + 60)
