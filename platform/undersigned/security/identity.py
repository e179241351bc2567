"""Who signed, as far as the platform needs to know: a canonical e-mail for de-duplication, the
mailbox an address reaches for per-mailbox limits, and keyed hashes of the IP and of the e-mail
(never the IP itself) for limits and fraud analysis."""
from __future__ import annotations

import hashlib
import hmac
import ipaddress

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


def mailbox(address: str) -> str:
    """The mailbox an address most likely reaches, for per-mailbox limits: its canonical form
    with any ``+tag`` dropped on every domain, since most mail servers deliver ``name+tag`` to
    ``name``. Broader than :func:`canonical_email`, which keeps tags outside the providers known
    to ignore them, so de-duplication never merges two people's signatures."""
    local, _, domain = canonical_email(address).rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def mask_email(address: str) -> str:
    """``address`` as a page may show it to the person who typed it: the first character of the
    part before the @, dots for the rest, and the domain (``a•••@example.org``), so a glance
    tells a typo in the domain without showing the whole address to anyone looking on."""
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return "•••"
    return f"{local[:1]}•••@{domain}"


def email_domain(address: str) -> str:
    """The domain of an address, lower case and in ASCII (IDNA), for block lists and bursts."""
    domain = address.rpartition("@")[2].strip().rstrip(".").lower()
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


def client_network(address: str) -> str:
    """What counts as one client: an IPv4 address, or an IPv6 /64 network (one subscriber's
    share; changing the address inside it must not reset a limit)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def _key() -> bytes:
    return str(current_app.config.get("IP_HASH_KEY") or current_app.config["SECRET_KEY"]).encode()


def _previous_keys() -> list[bytes]:
    """Keys retired by a rotation: ``IP_HASH_KEY_PREVIOUS``, and the retired secret keys
    (``SECRET_KEY_FALLBACKS``) while the secret key is the hash key."""
    config = current_app.config
    keys = list(config.get("IP_HASH_KEY_PREVIOUS") or [])
    if not config.get("IP_HASH_KEY"):
        keys += list(config.get("SECRET_KEY_FALLBACKS") or [])
    return [str(key).encode() for key in keys]


def ip_hash(address: str | None = None) -> str:
    """A keyed HMAC of the client (``request.remote_addr``, after ``ProxyFix`` when configured):
    comparable for limits and fraud analysis, not reversible without the key."""
    address = address if address is not None else (request.remote_addr or "")
    return hmac.new(b"ip:" + _key(), client_network(address).encode(), hashlib.sha256).hexdigest()[:32]


def _email_hash(key: bytes, address: str) -> str:
    return hmac.new(b"email:" + key, mailbox(address).encode(), hashlib.sha256).hexdigest()[:32]


def email_hash(address: str) -> str:
    """A keyed HMAC of the :func:`mailbox` an address reaches, for per-mailbox limits."""
    return _email_hash(_key(), address)


def _canonical_hash(key: bytes, address: str) -> str:
    return hmac.new(b"canonical:" + key, canonical_email(address).encode(), hashlib.sha256).hexdigest()[:32]


def canonical_hash(address: str) -> str:
    """A keyed HMAC of the :func:`canonical_email` of an address: one mailbox as de-duplication
    sees it (``+tags`` kept where the provider does not ignore them), for the suppression list."""
    return _canonical_hash(_key(), address)


def canonical_hashes(address: str) -> list[str]:
    """:func:`canonical_hash` under the current key, then under each retired one."""
    return [canonical_hash(address), *(_canonical_hash(key, address) for key in _previous_keys())]


def email_hashes(address: str) -> list[str]:
    """:func:`email_hash` under the current key, then under each retired one: what a stored
    hash may be after the key was rotated."""
    return [email_hash(address), *(_email_hash(key, address) for key in _previous_keys())]
