"""Who signed, as far as the platform needs to know: a canonical e-mail for de-duplication and
a keyed hash of the IP (never the IP itself)."""
from __future__ import annotations

import hashlib
import hmac

from email_validator import EmailNotValidError, validate_email
from flask import current_app, request

#: Providers that ignore dots in the local part and everything after a ``+``.
DOTLESS_PLUS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
#: Providers that ignore everything after a ``+``.
PLUS_DOMAINS = frozenset({"outlook.com", "hotmail.com", "live.com", "icloud.com", "me.com",
                          "fastmail.com", "protonmail.com", "proton.me", "yandex.ru", "ya.ru"})


class InvalidEmail(ValueError):
    pass


def normalise_email(value: str) -> str:
    """The address as it should be written to (email-validator's normal form, no DNS)."""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidEmail(str(exc)) from exc


def canonical_email(normalised: str) -> str:
    """One key per mailbox: lower case, and provider rules such as Gmail's dots and ``+tags``."""
    local, _, domain = normalised.rpartition("@")
    local, domain = local.lower(), domain.lower()
    if domain == "googlemail.com":
        domain = "gmail.com"
    if domain in DOTLESS_PLUS_DOMAINS:
        local = local.split("+", 1)[0].replace(".", "")
    elif domain in PLUS_DOMAINS:
        local = local.split("+", 1)[0]
    return f"{local}@{domain}"


def ip_hash(address: str | None = None) -> str:
    """A keyed HMAC of the client address: comparable for fraud analysis, not reversible."""
    address = address if address is not None else (request.remote_addr or "")
    key = current_app.config.get("IP_HASH_KEY") or current_app.config["SECRET_KEY"]
    return hmac.new(f"ip:{key}".encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
