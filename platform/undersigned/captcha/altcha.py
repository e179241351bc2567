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
from flask import Blueprint, Flask, Response, abort, jsonify

from undersigned.captcha.base import NO_STORE, mark_used
from undersigned.captcha.providers import current_provider
from undersigned.contract import CaptchaProvider
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.security.limits import check

ALGORITHM = "PBKDF2/SHA-256"
MAX_PAYLOAD_LENGTH = 4096

#: The challenge endpoint and the vendored widget (``/captcha/static/...``).
bp = Blueprint("altcha_captcha", __name__, static_folder="static")


class AltchaCaptcha(CaptchaProvider):
    name = "altcha"
    same_page_for_every_reader = True
    template = "captcha/altcha.html"
    blueprint = bp
    field = "altcha"
    failure_message = _l("We could not confirm that a person is sending this form. Please wait for "
                         "the check next to the button to finish, then send the form again.")

    def __init__(self, app: Flask) -> None:
        self.ttl = int(app.config["CAPTCHA_TTL_SECONDS"])
        self.cost = int(app.config["ALTCHA_COST"])
        self.secret = hashlib.sha256(f"altcha:{app.config['SECRET_KEY']}".encode()).hexdigest()

    def challenge(self) -> Mapping[str, Any]:
        return {}  # the widget fetches a fresh challenge when it starts (/captcha/altcha/challenge)

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
        # the signature is the hex HMAC of the challenge's parameters, compared exactly: one
        # spelling per challenge, whatever JSON or base64 the payload came in
        return mark_used(f"altcha:{parsed.challenge.signature}", self.ttl + 60)


@bp.get("/altcha/challenge")
def challenge() -> Response:
    check("RATELIMIT_CAPTCHA")
    provider = current_provider()
    if not isinstance(provider, AltchaCaptcha):  # a plugin registered this blueprint for another
        abort(404)
    response = jsonify(provider.new_challenge())
    response.headers.update(NO_STORE)
    return response
