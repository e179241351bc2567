"""The built-in captcha: "enter the displayed code", as a picture or spoken aloud.

Nothing is stored when a challenge is made: its id is signed and time-stamped, and its code is
derived from the id with a keyed hash, so the code never leaves the server except as the
picture and the recording, served by this provider's blueprint. The sign form is the same for
every reader (a page any cache may hold), so the challenge comes with its picture:
``/captcha/challenge.png`` makes a new one and hands its token over in a cookie, which
``/captcha/challenge.wav`` speaks and the form's answer is checked against; this works without
JavaScript. ``/captcha/<token>.png`` and ``.wav`` show a given token's code. Both show the same code, so a person can switch between them without a
new challenge. Using an id marks it in the rate-limit storage (memory, or Redis across
workers), so each id answers once, right or wrong, however its token is spelled; an id expires
after ``CAPTCHA_TTL_SECONDS``.

The code is six digits (see :mod:`undersigned.captcha.speech` for why digits); the answer is
compared ignoring case, spaces, dashes and full-width forms.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from typing import Any, Mapping

from flask import Blueprint, Flask, Response, abort, has_request_context, request
from flask_babel import gettext
from flask_babel.speaklater import LazyString
from itsdangerous import TimestampSigner

from undersigned.captcha import picture as pictures
from undersigned.captcha import speech
from undersigned.captcha.base import COOKIE, NO_STORE, challenge_of, give_challenge, mark_used, read_signed
from undersigned.captcha.providers import current_provider
from undersigned.contract import CaptchaProvider
from undersigned.i18n.locale import current_language
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.security.limits import check

ALPHABET = "0123456789"
LENGTH = 6

bp = Blueprint("image_captcha", __name__)
#: What the form says when the code does not match, and when the answer box was left empty.
WRONG_CODE = _l("The code you entered does not match the picture. Please try the new code.")
NO_CODE = _l("Enter the code from the picture.")


class ImageCaptcha(CaptchaProvider):
    name = "image"
    same_page_for_every_reader = True
    template = "captcha/image.html"
    input_id = "captcha_answer"
    blueprint = bp

    def __init__(self, app: Flask) -> None:
        self.ttl = int(app.config["CAPTCHA_TTL_SECONDS"])
        self.signer = TimestampSigner(app.config["SECRET_KEY"], salt="undersigned.captcha")
        self.key = hashlib.sha256(f"captcha:{app.config['SECRET_KEY']}".encode()).digest()

    @property
    def audio_available(self) -> bool:
        return speech.available()

    def challenge(self) -> Mapping[str, Any]:
        """Nothing per reader in the page: the picture brings the challenge (see the module)."""
        return {}

    def new_token(self) -> str:
        return self.signer.sign(secrets.token_urlsafe(12)).decode()

    def answer(self, token: str) -> str | None:
        """The code shown for ``token``, or ``None`` if the token is forged or expired."""
        challenge_id = read_signed(self.signer, token, self.ttl)
        return None if challenge_id is None else self._code(challenge_id)

    def _code(self, challenge_id: str) -> str:
        digest = hmac.new(self.key, challenge_id.encode(), hashlib.sha256).digest()
        return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:LENGTH])

    def audio(self, token: str, language: str) -> bytes | None:
        """A small WAV file saying the code of ``token`` in ``language``, or ``None`` for a bad token."""
        code = self.answer(token)
        if code is None:
            return None
        intro, again = gettext("Your code is:"), gettext("Once again:")
        if language != "en" and intro == "Your code is:":
            language = "en"  # not translated yet: an English sentence needs the English voice
        return speech.speak_code(code, language=language, intro=intro, again=again)

    def verify(self, form: Mapping[str, str]) -> bool:
        challenge_id = read_signed(self.signer, challenge_of(form), self.ttl)
        if challenge_id is None or not mark_used(f"image:{challenge_id}", self.ttl):
            return False
        answer = normalise_answer(form.get("captcha_answer", ""))
        return hmac.compare_digest(answer.encode(), self._code(challenge_id).encode())

    @property
    def failure_message(self) -> LazyString:
        """The refusal of the form being sent: an empty answer box asks for the code, a wrong code
        says it does not match."""
        if has_request_context() and not normalise_answer(request.form.get("captcha_answer", "")):
            return NO_CODE
        return WRONG_CODE


@bp.get("/challenge.png")
def new_picture() -> Response:
    """A new challenge's picture, its token handed over with it."""
    token = _provider().new_token()
    return give_challenge(picture(token), token, _provider().ttl)


@bp.get("/challenge.wav")
def spoken_challenge() -> Response:
    """The code of the picture this browser was shown last, spoken (or a new challenge's)."""
    provider = _provider()
    token = request.cookies.get(COOKIE, "")
    if provider.answer(token) is not None:
        return audio(token)
    token = provider.new_token()
    return give_challenge(audio(token), token, provider.ttl)


@bp.get("/<token>.png")
def picture(token: str) -> Response:
    check("RATELIMIT_CAPTCHA")
    code = _provider().answer(token)
    if code is None:
        abort(404)
    return Response(pictures.draw(code).png(), mimetype="image/png", headers=NO_STORE)


@bp.get("/<token>.wav")
def audio(token: str) -> Response:
    """The same code, spoken in the reader's language (WCAG 1.1.1)."""
    check("RATELIMIT_CAPTCHA")
    try:
        data = _provider().audio(token, current_language())
    except speech.SpeechUnavailable:
        abort(404)
    if data is None:
        abort(404)
    return Response(data, mimetype="audio/wav", headers=NO_STORE)


def _provider() -> ImageCaptcha:
    provider = current_provider()
    if not isinstance(provider, ImageCaptcha):  # a plugin registered this blueprint for another
        abort(404)
    return provider


def normalise_answer(value: str) -> str:
    """What the person typed, as comparable as possible: full-width digits made ASCII, spaces
    and dashes dropped, case ignored."""
    if not isinstance(value, str):
        return ""
    value = unicodedata.normalize("NFKC", value[:64])
    return "".join(ch for ch in value if not ch.isspace() and ch not in "-‐‑‒–—.").upper()
