"""Helpers for captcha providers: single use and signed challenge tokens.

``CaptchaProvider`` itself lives in :mod:`undersigned.contract` since contract 1.1; the old name
here warns until contract 2.0.
"""
from __future__ import annotations

import hmac
from typing import Any

from flask import Response, current_app, has_request_context, request
from itsdangerous import BadSignature, TimestampSigner
from itsdangerous.encoding import base64_encode, int_to_bytes

from undersigned import contract
from undersigned.contract.captcha import FAILURE_MESSAGE  # noqa: F401 (providers quote the default refusal)
from undersigned.contract.deprecation import moved
from undersigned.security.limits import current_limits

MAX_TOKEN_LENGTH = 200
#: Headers for every challenge a provider serves: a challenge is for one person, once.
NO_STORE = {"Cache-Control": "no-store"}

#: The cookie that carries a challenge from its picture (or recording) to the form's answer, so
#: the page holding the form is the same for every reader.
COOKIE = "captcha"

__getattr__ = moved(__name__, "undersigned.contract", CaptchaProvider=contract.CaptchaProvider)


def mark_used(key: str, ttl: int) -> bool:
    """Record ``key`` as used for ``ttl`` seconds in the rate-limit storage (memory, or Redis
    across workers and hosts); ``False`` if it was used before, i.e. a replay."""
    return current_limits().mark_used(f"captcha:{key}", ttl)


def read_signed(signer: TimestampSigner, token: Any, max_age: int) -> str | None:
    """The challenge id inside ``token``, if the token is genuine, unexpired and spelled exactly
    as it was issued; otherwise ``None``.

    Base64 decoding skips characters outside its alphabet and ignores unused trailing bits, so
    ``<token>~~`` would pass the signature check: only the canonical spelling is accepted, and
    callers mark the id (not the token string) as used."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        raw, stamp = signer.unsign(token, max_age=max_age, return_timestamp=True)
        challenge_id = raw.decode("ascii")
    except (BadSignature, UnicodeError):
        return None
    value = raw + signer.sep + base64_encode(int_to_bytes(int(stamp.timestamp())))
    canonical = value + signer.sep + signer.get_signature(value)
    if not hmac.compare_digest(token.encode("utf-8", "replace"), canonical):
        return None
    return challenge_id


def give_challenge(response: Response, token: str, ttl: int) -> Response:
    """Hand ``token`` to the browser with the picture or recording that shows its code: the form
    sent next from this site carries it back (``HttpOnly``, ``SameSite=Strict``)."""
    config = current_app.config
    response.set_cookie(COOKIE, token, max_age=ttl, path=config["SESSION_COOKIE_PATH"] or config["APPLICATION_ROOT"],
                        secure=bool(config["SESSION_COOKIE_SECURE"]), httponly=True, samesite="Strict")
    return response


def challenge_of(form: Any) -> Any:
    """The challenge token a form answers: its own ``captcha_token`` field if it has one, else the
    one its picture handed over (:func:`give_challenge`)."""
    token = form.get("captcha_token")
    if token or not has_request_context():
        return token
    return request.cookies.get(COOKIE, "")
