"""Two-factor sign-in with time-based one-time codes (TOTP, RFC 6238), as authenticator apps
make them. A code is accepted within one 30-second step either side of now, and never twice."""
from __future__ import annotations

import hmac
import time

import pyotp
import segno
from sqlalchemy import or_, update

from undersigned.audit.log import record
from undersigned.extensions import db
from undersigned.users.models import User

ISSUER = "Undersigned"
#: Steps either side of now still accepted (clocks drift; people type slowly).
DRIFT_STEPS = 1


def new_secret() -> str:
    """A fresh base32 secret for enrolment."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_data_uri(secret: str, email: str) -> str:
    """The provisioning address as an SVG QR code in a ``data:`` URI (allowed by the CSP)."""
    return segno.make(provisioning_uri(secret, email), error="m").svg_data_uri(scale=4)


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code ``code`` is (within the drift), or ``None``."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(time.time() if now is None else now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def use_code(user: User, code: str, now: float | None = None) -> bool:
    """Whether ``code`` is ``user``'s current code, not used before; it is used up (committed).

    The step is stored with a conditional update, so two requests racing with one code cannot
    both pass."""
    if user.totp_secret is None:
        return False
    step = matching_step(user.totp_secret, code, now)
    if step is None:
        return False
    used = db.session.execute(
        update(User).where(User.id == user.id, User.totp_secret == user.totp_secret,
                           or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    db.session.refresh(user)
    return used == 1


def enable(user: User, secret: str, code: str, now: float | None = None) -> bool:
    """Turn two-factor sign-in on with ``secret`` if ``code`` is its current code."""
    step = matching_step(secret, code, now)
    if step is None:
        return False
    user.totp_secret, user.totp_last_step = secret, step
    record("user.2fa.enable", user=user.id)
    db.session.commit()
    return True


def disable(user: User, *, by_admin: bool = False) -> None:
    """Turn two-factor sign-in off (the user with a current code, or an admin's reset)."""
    user.totp_secret, user.totp_last_step = None, None
    record("user.2fa.reset" if by_admin else "user.2fa.disable", user=user.id)
    db.session.commit()

