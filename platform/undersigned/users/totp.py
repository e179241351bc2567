"""Two-factor sign-in with time-based one-time codes (TOTP, RFC 6238), as authenticator apps
make them. A code is accepted within one 30-second step either side of now, and never twice; a
recovery code (users/recovery.py) stands in for a lost phone. Seeds are kept encrypted
(security/encryption.py); turning two-factor sign-in on or off ends every session of the user."""
from __future__ import annotations

import hmac
import time

import pyotp
import segno
from sqlalchemy import or_, select, update

from undersigned.audit.log import record
from undersigned.extensions import db
from undersigned.security.encryption import decrypt_seed, encrypt_seed, reencrypt_seed
from undersigned.users import recovery
from undersigned.users.models import PendingEnrolment, User

ISSUER = "Undersigned"
#: Steps either side of now still accepted (clocks drift; people type slowly).
DRIFT_STEPS = 1
#: How a second factor was proved.
CODE, RECOVERY = "code", "recovery code"


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


def seed_of(user: User) -> str | None:
    """``user``'s seed, decrypted; ``None`` while two-factor sign-in is off (or no key opens it)."""
    return decrypt_seed(user.totp_seed_encrypted) if user.totp_seed_encrypted else None


def use_code(user: User, code: str, now: float | None = None) -> bool:
    """Whether ``code`` is ``user``'s current code, not used before; it is used up (committed).

    The step is stored with a conditional update, so two requests racing with one code cannot
    both pass."""
    seed = seed_of(user)
    if seed is None:
        return False
    step = matching_step(seed, code, now)
    if step is None:
        return False
    used = db.session.execute(
        update(User).where(User.id == user.id, User.totp_seed_encrypted == user.totp_seed_encrypted,
                           or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    db.session.refresh(user)
    return used == 1


def second_factor(user: User, code: str) -> str | None:
    """How ``code`` proves ``user``'s second factor: ``"code"`` (the authenticator's),
    ``"recovery code"`` (used up), or ``None``."""
    if recovery.looks_like_one(code):
        return RECOVERY if user.has_two_factor and recovery.use(user, code) else None
    return CODE if use_code(user, code) else None


def enable(user: User, seed: str, code: str, now: float | None = None) -> list[str] | None:
    """Turn two-factor sign-in on with ``seed`` if ``code`` is its current code; every session of
    ``user`` ends (sign the current one in again). The new recovery codes, or ``None``."""
    step = matching_step(seed, code, now)
    if step is None:
        return None
    user.totp_seed_encrypted, user.totp_last_step = encrypt_seed(seed), step
    user.end_sessions()
    codes = recovery.replace_codes(user)
    record("user.2fa.enable", user=user.id)
    db.session.commit()
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes for ``user`` in place of the old ones (committed)."""
    codes = recovery.replace_codes(user)
    record("user.2fa.recovery_codes", user=user.id)
    db.session.commit()
    return codes


def disable(user: User, *, by_admin: bool = False) -> None:
    """Turn two-factor sign-in off (the user with their password and a code, or an admin's
    reset); every session of ``user`` ends."""
    user.totp_seed_encrypted, user.totp_last_step = None, None
    user.end_sessions()
    recovery.drop_codes(user)
    record("user.2fa.reset" if by_admin else "user.2fa.disable", user=user.id)
    db.session.commit()


def rotate_key() -> int:
    """Re-encrypt every seed under the current ``TOTP_ENCRYPTION_KEY``; how many (committed).
    Raises ``cryptography.fernet.InvalidToken`` if a seed's key is not configured."""
    users = list(db.session.scalars(select(User).where(User.totp_seed_encrypted.is_not(None))))
    for user in users:
        user.totp_seed_encrypted = reencrypt_seed(user.totp_seed_encrypted)
    for pending in db.session.scalars(select(PendingEnrolment)):
        pending.seed_encrypted = reencrypt_seed(pending.seed_encrypted)
    record("user.2fa.rotate_key", users=len(users))
    db.session.commit()
    return len(users)
