"""The keys in configuration, checked when the app starts.

``SECRET_KEY`` must be strong in production. So must every other key that guards something an
outsider wants: the IP hash key, the key that encrypts two-factor seeds, and each key retired by a
rotation. A list of retired keys must be a list: Flask iterates ``SECRET_KEY_FALLBACKS``, so a
bare string (``FLASK_SECRET_KEY_FALLBACKS=<old key>``, without the JSON brackets) would make
every one of its characters a key, and a session signed with the key ``Z`` would open. Error
messages name the setting, never the key.
"""
from __future__ import annotations

import math
import string
from typing import Any, Mapping

#: The least entropy a production key must carry (32 bytes).
MIN_SECRET_BITS = 256
MIN_SECRET_DISTINCT = 12
MAKE_A_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
#: Keys that may be unset (then derived from ``SECRET_KEY``) but, when set, are one strong key.
SINGLE_KEYS = ("IP_HASH_KEY", "TOTP_ENCRYPTION_KEY")
#: Lists of keys retired by a rotation, each as strong as a current key.
KEY_LISTS = ("SECRET_KEY_FALLBACKS", "IP_HASH_KEY_PREVIOUS", "TOTP_ENCRYPTION_KEY_PREVIOUS")
STRENGTH = (f"every key must carry at least 32 bytes of randomness (for example 64 random characters). "
            f"Make one with: {MAKE_A_KEY}")


def secret_bits(key: str | bytes) -> float:
    """A generous estimate of a key's entropy: its length times the bits of the character
    classes it draws from (digits, lower case, upper case, the rest); 0 for a key of few
    distinct characters, however long (``x`` * 64 is not a secret)."""
    if len(set(key)) < MIN_SECRET_DISTINCT:
        return 0.0
    if isinstance(key, bytes):
        return 8.0 * len(key)
    classes = (string.digits, string.ascii_lowercase, string.ascii_uppercase)
    alphabet = sum(len(chars) for chars in classes if any(c in chars for c in key))
    if any(not any(c in chars for chars in classes) for c in key):
        alphabet += 32  # punctuation and anything else
    return len(key) * math.log2(alphabet)


def is_strong(key: object) -> bool:
    return isinstance(key, (str, bytes)) and secret_bits(key) >= MIN_SECRET_BITS


def require_strong(setting: str, key: object) -> None:
    """Stop the start unless ``key`` is strong enough for production."""
    if not is_strong(key):
        raise RuntimeError(f"FLASK_{setting} is too weak: it must carry at least 32 bytes of randomness "
                           f"(for example 64 random characters). Make one with: {MAKE_A_KEY}")


def check_keys(config: Mapping[str, Any], production: bool) -> None:
    """Stop the start on a key setting of the wrong shape, or (in production) on a weak key."""
    for setting in SINGLE_KEYS:
        key = config.get(setting)
        if key is None:
            continue
        if not isinstance(key, str) or not key:
            raise RuntimeError(f"FLASK_{setting} must be one key, a string; {STRENGTH}")
        if production:
            require_strong(setting, key)
    for setting in KEY_LISTS:
        keys = config.get(setting)
        if keys is None:
            continue
        if not isinstance(keys, (list, tuple)) or not all(isinstance(k, (str, bytes)) and k for k in keys):
            raise RuntimeError(
                f"FLASK_{setting} must be a JSON list of keys, each a string in quotes: "
                f"FLASK_{setting}='[\"<the old key>\"]' (a bare string would make each of its "
                "characters a key). Use [] for none.")
        weak = [place for place, key in enumerate(keys, 1) if production and not is_strong(key)]
        if weak:
            raise RuntimeError(f"FLASK_{setting} holds a weak key (the {_ordinal(weak[0])}): {STRENGTH}")


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
