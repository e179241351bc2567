"""The built-in captcha: "enter the displayed code", as a picture or spoken aloud.

Nothing is stored when a challenge is made: its id is signed and time-stamped, and its code is
derived from the id with a keyed hash, so the code never leaves the server except as the
picture (``/captcha/<token>.png``) and the recording (``/captcha/<token>.wav``). Both show the
same code, so a person can switch between them without a new challenge. Using an id marks it
in the rate-limit storage (memory, or Redis across workers), so each id answers once, right or
wrong; an id expires after ``CAPTCHA_TTL_SECONDS``.

The code is six digits (see :mod:`undersigned.captcha.speech` for why digits); the answer is
compared ignoring case, spaces, dashes and full-width forms.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from typing import Any, Mapping

from flask import Flask
from flask_babel import gettext
from itsdangerous import BadSignature, TimestampSigner

from undersigned.captcha import speech
from undersigned.captcha.base import mark_used
from undersigned.i18n.translate import lazy_gettext as _l

ALPHABET = "0123456789"
LENGTH = 6
MAX_TOKEN_LENGTH = 200


class ImageCaptcha:
    name = "image"
    template = "captcha/image.html"
    failure_message = _l("The code you entered does not match the picture. Please try the new code.")

    def __init__(self, app: Flask) -> None:
        self.ttl = int(app.config["CAPTCHA_TTL_SECONDS"])
        self.signer = TimestampSigner(app.config["SECRET_KEY"], salt="undersigned.captcha")
        self.key = hashlib.sha256(f"captcha:{app.config['SECRET_KEY']}".encode()).digest()

    @property
    def audio_available(self) -> bool:
        return speech.available()

    def challenge(self) -> Mapping[str, Any]:
        return {"token": self.signer.sign(secrets.token_urlsafe(12)).decode()}

    def answer(self, token: str) -> str | None:
        """The code shown for ``token``, or ``None`` if the token is forged or expired."""
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        try:
            raw = self.signer.unsign(token, max_age=self.ttl).decode()
        except (BadSignature, UnicodeError):
            return None
        digest = hmac.new(self.key, raw.encode(), hashlib.sha256).digest()
        return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:LENGTH])

    def audio(self, token: str, language: str) -> bytes | None:
        """A WAV file saying the code of ``token`` in ``language``, or ``None`` for a bad token."""
        code = self.answer(token)
        if code is None:
            return None
        intro, again = gettext("Your code is:"), gettext("Once again:")
        if language != "en" and intro == "Your code is:":
            language = "en"  # not translated yet: an English sentence needs the English voice
        return speech.speak_code(code, language=language, intro=intro, again=again)

    def verify(self, form: Mapping[str, str]) -> bool:
        token = form.get("captcha_token", "")
        expected = self.answer(token)
        if expected is None or not mark_used(f"image:{token}", self.ttl):
            return False
        return hmac.compare_digest(normalise_answer(form.get("captcha_answer", "")).encode(), expected.encode())


def normalise_answer(value: str) -> str:
    """What the person typed, as comparable as possible: full-width digits made ASCII, spaces
    and dashes dropped, case ignored."""
    if not isinstance(value, str):
        return ""
    value = unicodedata.normalize("NFKC", value[:64])
    return "".join(ch for ch in value if not ch.isspace() and ch not in "-‐‑‒–—.").upper()
