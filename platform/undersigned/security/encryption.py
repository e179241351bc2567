"""Two-factor seeds encrypted at rest, so a copy of the database (a backup, a dump) does not give
away every console user's second factor.

Fernet (``cryptography``: AES-128-CBC with an HMAC-SHA256, timestamped) with a key derived by
HKDF from ``TOTP_ENCRYPTION_KEY``, or from ``SECRET_KEY`` while that is unset. A MultiFernet
encrypts with the current key and decrypts with it or any retired one
(``TOTP_ENCRYPTION_KEY_PREVIOUS``, and ``SECRET_KEY_FALLBACKS`` while the secret key is the
key), so a key can be rotated without turning anyone's two-factor sign-in off; ``flask users
rotate-2fa-key`` then re-encrypts every seed under the current key.
"""
from __future__ import annotations

import base64
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, current_app

from undersigned.security import keyless

#: Binds the derived key to its one use: the same setting keys nothing else this way.
PURPOSE = b"undersigned two-factor seeds"
log = logging.getLogger(__name__)


class MissingKey(RuntimeError):
    """No real key to encrypt seeds with (a command loaded without ``SECRET_KEY``)."""


def _fernet(key: str | bytes) -> Fernet:
    raw = key.encode() if isinstance(key, str) else key
    derived = HKDF(algorithm=SHA256(), length=32, salt=None, info=PURPOSE).derive(raw)
    return Fernet(base64.urlsafe_b64encode(derived))


def seed_cipher(app: Flask | None = None) -> MultiFernet:
    """The current key first, then the retired ones."""
    config = (app or current_app).config
    if config.get("TOTP_ENCRYPTION_KEY"):
        keys = [config["TOTP_ENCRYPTION_KEY"], *(config.get("TOTP_ENCRYPTION_KEY_PREVIOUS") or [])]
    elif (app or current_app).extensions.get(keyless.EXTENSION):
        raise MissingKey("two-factor seeds are encrypted with FLASK_TOTP_ENCRYPTION_KEY, or with "
                         "FLASK_SECRET_KEY while that is unset: set it for this command")
    else:
        keys = [config["SECRET_KEY"], *(config.get("TOTP_ENCRYPTION_KEY_PREVIOUS") or []),
                *(config.get("SECRET_KEY_FALLBACKS") or [])]
    return MultiFernet([_fernet(key) for key in keys])


def encrypt_seed(seed: str, app: Flask | None = None) -> str:
    return seed_cipher(app).encrypt(seed.encode()).decode()


def decrypt_seed(token: str, app: Flask | None = None) -> str | None:
    """The seed, or ``None`` (logged) when no configured key opens it."""
    try:
        return seed_cipher(app).decrypt(token.encode()).decode()
    except InvalidToken:
        log.error("a two-factor seed cannot be decrypted: is TOTP_ENCRYPTION_KEY (or a previous key) "
                  "the one it was encrypted with?")
        return None


def reencrypt_seed(token: str, app: Flask | None = None) -> str:
    """``token`` encrypted under the current key (raises ``InvalidToken`` if no key opens it)."""
    return seed_cipher(app).rotate(token.encode()).decode()
