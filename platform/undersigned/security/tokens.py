"""Signed links: one to confirm a signature (expires), one for the signer's own pages."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

CONFIRM, SIGNER = "undersigned.confirm", "undersigned.signer"


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
    """The signature's public id, or ``None`` for a forged or expired token."""
    max_age = current_app.config["CONFIRM_MAX_AGE_DAYS"] * 86400 if purpose == CONFIRM else None
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:
        return None
