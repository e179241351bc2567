"""The captcha's endpoints: the code as a picture and as speech (``image``), a fresh challenge
for the proof-of-work widget (``altcha``), and the vendored widget's files (``static/``)."""
from __future__ import annotations

from captcha.image import ImageCaptcha as ImageRenderer
from flask import Blueprint, Response, abort, jsonify

from undersigned.captcha.providers import current_provider
from undersigned.captcha.speech import SpeechUnavailable
from undersigned.i18n.locale import current_language
from undersigned.security.limits import check

bp = Blueprint("captcha", __name__, url_prefix="/captcha", static_folder="static")
_renderer = ImageRenderer(width=220, height=80)
NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/<token>.png")
def image(token: str) -> Response:
    check("RATELIMIT_CAPTCHA")
    provider = current_provider()
    answer = provider.answer(token) if hasattr(provider, "answer") else None
    if answer is None:
        abort(404)
    data = _renderer.generate(answer).getvalue()
    return Response(data, mimetype="image/png", headers=NO_STORE)


@bp.get("/<token>.wav")
def audio(token: str) -> Response:
    """The same code, spoken in the reader's language (WCAG 1.1.1)."""
    check("RATELIMIT_CAPTCHA")
    provider = current_provider()
    if not hasattr(provider, "audio"):
        abort(404)
    try:
        data = provider.audio(token, current_language())
    except SpeechUnavailable:
        abort(404)
    if data is None:
        abort(404)
    return Response(data, mimetype="audio/wav", headers=NO_STORE)


@bp.get("/altcha/challenge")
def altcha_challenge() -> Response:
    check("RATELIMIT_CAPTCHA")
    provider = current_provider()
    if not hasattr(provider, "new_challenge"):
        abort(404)
    response = jsonify(provider.new_challenge())
    response.headers.update(NO_STORE)
    return response
