"""Signed links: one to confirm a signature (expires), one for the signer's own pages, one for a
help request's page."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM, SIGNER, HELP = "undersigned.confirm", "undersigned.signer", "undersigned.help"


def signing_keys() -> list[str]:
    """Retired keys (``SECRET_KEY_FALLBACKS``), then the current one: itsdangerous signs with the
    last and accepts any, so links e-mailed before a key rotation still open."""
    config = current_app.config
    return [*(config.get("SECRET_KEY_FALLBACKS") or []), config["SECRET_KEY"]]


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(signing_keys(), salt=purpose)


def make_token(purpose: str, public_id: str) -> str:
    return _serializer(purpose).dumps(public_id)


def read_token(purpose: str, token: str) -> str | None:
    """The id the token names (a signature's public id, a help request's id), or ``None`` for a
    forged or expired token."""
    try:
        return _serializer(purpose).loads(token, max_age=_max_age(purpose))
    except BadSignature:
        return None


def expired_token_id(purpose: str, token: str) -> str | None:
    """The id a genuine ``token`` names once it has expired; ``None`` while it works, or if it
    is forged."""
    serializer = _serializer(purpose)
    try:
        serializer.loads(token, max_age=_max_age(purpose))
    except SignatureExpired as expired:
        return serializer.load_payload(expired.payload)
    except BadSignature:
        return None
    return None


def _max_age(purpose: str) -> int | None:
    return current_app.config["CONFIRM_MAX_AGE_DAYS"] * 86400 if purpose == CONFIRM else None
