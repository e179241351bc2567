"""VERP: each message's envelope sender names it, so what comes back names the message it is about.

With ``MAIL_BOUNCE_ADDRESS`` set (``bounces@example.org``), outbox message 42 is sent with the
envelope sender ``bounces+42.<check>@example.org``: a bounce goes back to that address, and the
check, a keyed hash of the id (``MAIL_BOUNCE_KEY``, else ``SECRET_KEY``), tells a real bounce
from one forged for another message. The header From stays ``MAIL_DEFAULT_SENDER``.
"""
from __future__ import annotations

import email.utils
import hashlib
import hmac

from flask import Flask

#: Hex characters of the check: 64 bits, which no one guesses by mailing bounces at the address.
CHECK_LENGTH = 16


def check_settings(app: Flask) -> None:
    """Refuse to start with a ``MAIL_BOUNCE_ADDRESS`` that cannot carry a message id."""
    address = app.config["MAIL_BOUNCE_ADDRESS"]
    if not address:
        return
    local, at, domain = _bare(address).rpartition("@")
    if not (local and at and domain) or "+" in local or not address.isascii():
        raise RuntimeError(f"MAIL_BOUNCE_ADDRESS must be a plain ASCII address such as bounces@example.org "
                           f"(no '+': the platform adds +<id>.<check>), not {address!r}")


def return_path(app: Flask, outbox_id: int) -> str | None:
    """The envelope sender of outbox message ``outbox_id``, or ``None`` when VERP is off."""
    address = app.config["MAIL_BOUNCE_ADDRESS"]
    if not address:
        return None
    local, _, domain = _bare(address).rpartition("@")
    return f"{local}+{outbox_id}.{_check(app, outbox_id)}@{domain}"


def outbox_id_of(app: Flask, address: str) -> int | None:
    """The outbox message a return path names, if its check is right; ``None`` for any other
    address (another mailbox, a forged or garbled check, VERP off)."""
    configured = app.config["MAIL_BOUNCE_ADDRESS"]
    if not configured or not isinstance(address, str):
        return None
    base_local, _, base_domain = _bare(configured).lower().rpartition("@")
    local, _, domain = _bare(address).strip().lower().rpartition("@")
    prefix = f"{base_local}+"
    if domain != base_domain or not local.startswith(prefix):
        return None
    number, _, check = local[len(prefix):].partition(".")
    if not (number.isascii() and number.isdigit() and len(number) <= 9):
        return None
    if not hmac.compare_digest(check.encode("ascii", "replace"), _check(app, int(number)).encode()):
        return None
    return int(number)


def _check(app: Flask, outbox_id: int) -> str:
    key = str(app.config["MAIL_BOUNCE_KEY"] or app.config["SECRET_KEY"]).encode()
    return hmac.new(b"verp:" + key, str(outbox_id).encode(), hashlib.sha256).hexdigest()[:CHECK_LENGTH]


def _bare(address: str) -> str:
    """``Name <a@b>`` or ``<a@b>`` as ``a@b``."""
    return email.utils.parseaddr(address)[1] or address
