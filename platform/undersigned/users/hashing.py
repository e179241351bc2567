"""How console passwords are kept: hashed by werkzeug with ``PASSWORD_HASH_METHOD`` (scrypt at
werkzeug's cost by default). The method is checked at start; a stored hash made with another
method still opens, and is made again with the configured one at the user's next sign-in, so
raising the cost reaches every account without a reset."""
from __future__ import annotations

import functools
import secrets

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

DEFAULT_METHOD = "scrypt:32768:8:1"
#: The least cost production accepts, by algorithm: scrypt's N, PBKDF2's iterations (OWASP's advice).
LEAST_COST = {"scrypt": 2**15, "pbkdf2": 600_000}


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def matches(stored: str, password: str) -> bool:
    return check_password_hash(stored, password)


def outdated(stored: str) -> bool:
    """Whether ``stored`` was made with another method (or cost) than the configured one."""
    return stored.partition("$")[0] != current_app.config["PASSWORD_HASH_METHOD"]


def dummy_hash() -> str:
    """A hash of no one's password, made with the configured method: an unknown account costs
    the same time to check as a known one."""
    return _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"])


@functools.cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def checked_method(method: str, *, production: bool) -> str:
    """``method`` spelled out in full as werkzeug writes it in a hash (``scrypt`` becomes
    ``scrypt:32768:8:1``); :class:`RuntimeError` if werkzeug does not know it or, in
    production, if it costs less than :data:`LEAST_COST`."""
    try:
        spelled = generate_password_hash("", method=method).partition("$")[0]
    except (ValueError, TypeError) as error:
        raise RuntimeError(f"PASSWORD_HASH_METHOD is {method!r}, which werkzeug cannot hash with ({error}). "
                           f"Use {DEFAULT_METHOD!r} or 'pbkdf2:sha256:1000000'.") from None
    algorithm, _, parameters = spelled.partition(":")
    cost = _cost(algorithm, parameters)
    if production and (algorithm not in LEAST_COST or cost < LEAST_COST[algorithm]):
        raise RuntimeError(f"PASSWORD_HASH_METHOD is {method!r}: too cheap to guard passwords in production "
                           f"(at least scrypt N={LEAST_COST['scrypt']} or pbkdf2 with "
                           f"{LEAST_COST['pbkdf2']:,} iterations).")
    return spelled


def _cost(algorithm: str, parameters: str) -> int:
    fields = parameters.split(":")
    if algorithm == "scrypt":
        return int(fields[0])
    if algorithm == "pbkdf2":
        return int(fields[-1])
    return 0
