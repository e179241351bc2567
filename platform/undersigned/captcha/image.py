"""The built-in image captcha: "enter the displayed code".

Nothing is stored when a challenge is made: its id is signed and time-stamped, and its answer is
derived from the id with a keyed hash, so the answer never leaves the server. Using an id marks
it in the rate-limit storage (memory, or Redis across workers), so each id answers once, right
or wrong.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any, Mapping

from flask import Flask
from itsdangerous import BadSignature, TimestampSigner

from undersigned.security.limits import current_limiter

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
LENGTH = 5


class ImageCaptcha:
    name = "image"
    template = "captcha/image.html"

    def __init__(self, app: Flask) -> None:
        self.ttl = int(app.config["CAPTCHA_TTL_SECONDS"])
        self.signer = TimestampSigner(app.config["SECRET_KEY"], salt="undersigned.captcha")
        self.key = hashlib.sha256(f"captcha:{app.config['SECRET_KEY']}".encode()).digest()

    def challenge(self) -> Mapping[str, Any]:
        return {"token": self.signer.sign(secrets.token_urlsafe(12)).decode()}

    def answer(self, token: str) -> str | None:
        """The code shown for ``token``, or ``None`` if the token is forged or expired."""
        try:
            raw = self.signer.unsign(token, max_age=self.ttl).decode()
        except BadSignature:
            return None
        digest = hmac.new(self.key, raw.encode(), hashlib.sha256).digest()
        return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:LENGTH])

    def verify(self, form: Mapping[str, str]) -> bool:
        token = form.get("captcha_token", "")
        expected = self.answer(token)
        if expected is None or not mark_used(f"captcha:{token}", self.ttl):
            return False
        given = "".join(form.get("captcha_answer", "").split()).upper()
        return hmac.compare_digest(given.encode(), expected.encode())


def mark_used(key: str, ttl: int) -> bool:
    """Record ``key`` as used; ``False`` if it was used before (a replay)."""
    return current_limiter().storage.incr(key, ttl) == 1
