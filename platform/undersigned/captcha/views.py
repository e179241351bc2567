"""The captcha's image endpoint."""
from __future__ import annotations

from captcha.image import ImageCaptcha as ImageRenderer
from flask import Blueprint, Response, abort

from undersigned.captcha.providers import current_provider

bp = Blueprint("captcha", __name__, url_prefix="/captcha")
_renderer = ImageRenderer(width=220, height=80)


@bp.get("/<token>.png")
def image(token: str) -> Response:
    provider = current_provider()
    answer = provider.answer(token) if hasattr(provider, "answer") else None
    if answer is None:
        abort(404)
    data = _renderer.generate(answer).getvalue()
    return Response(data, mimetype="image/png", headers={"Cache-Control": "no-store"})
