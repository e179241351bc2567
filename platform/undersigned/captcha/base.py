"""What a captcha provider is: everything the core needs from it, declared in one place."""
from __future__ import annotations

import hmac
from typing import Any, Mapping

from flask import Blueprint
from flask_babel.speaklater import LazyString
from itsdangerous import BadSignature, TimestampSigner
from itsdangerous.encoding import base64_encode, int_to_bytes

from undersigned.i18n.translate import lazy_gettext as _l

#: What the sign form says when a provider refused the answer and has no wording of its own.
FAILURE_MESSAGE = _l("We could not confirm that a person is sending this form. Please try the "
                     "check again, then send the form.")
MAX_TOKEN_LENGTH = 200
#: Headers for every challenge a provider serves: a challenge is for one person, once.
NO_STORE = {"Cache-Control": "no-store"}


class CaptchaProvider:
    """Puts a challenge into the sign form and checks the answer, once.

    Subclass it and set or override:

    - ``name``: what ``CAPTCHA_PROVIDER`` says to choose this provider;
    - ``template``: a partial included inside the sign form, rendered with ``challenge()``'s
      mapping as ``challenge`` and the provider as ``captcha``;
    - ``challenge()``: a new challenge for each form shown;
    - ``verify(form)``: whether the posted form solved it. It must refuse a wrong, expired or
      already used answer (each challenge answers once, however its token is spelled) and
      must not raise on any input;
    - ``blueprint``: the provider's own routes (a picture, a challenge for a widget, static
      files), registered under ``/captcha`` while the provider is the configured one;
    - ``csp``: extra Content-Security-Policy sources by directive, for hosted widgets,
      e.g. ``{"script-src": ("https://js.example.com",), "frame-src": (...)}``;
    - ``failure_message``: what the form says when ``verify`` refused;
    - ``input_id``: the id of the control a person answers with, which the form's error
      summary links to (by default the box around the whole challenge).
    """

    name: str
    template: str
    input_id: str = "captcha"
    blueprint: Blueprint | None = None
    csp: Mapping[str, tuple[str, ...]] = {}
    failure_message: str | LazyString = FAILURE_MESSAGE

    def challenge(self) -> Mapping[str, Any]:
        raise NotImplementedError

    def verify(self, form: Mapping[str, str]) -> bool:
        raise NotImplementedError


def mark_used(key: str, ttl: int) -> bool:
    """Record ``key`` as used for ``ttl`` seconds in the rate-limit storage (memory, or Redis
    across workers and hosts); ``False`` if it was used before, i.e. a replay."""
    from undersigned.security.limits import current_limits
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
