"""Recovery codes: ten single-use codes, shown once when two-factor sign-in is turned on (and when
the user asks for new ones), for the day the phone is lost.

Each code is 16 base32 characters (80 random bits), written ``abcd-efgh-ijkl-mnop``; it is
typed in place of the authenticator's code, in any case, with or without the dashes. Only its
SHA-256 is kept: 80 random bits need no slow hash, and a hash is looked up directly.
"""
from __future__ import annotations

import base64
import hashlib
import secrets

from sqlalchemy import delete, func, select, update

from undersigned.contract import utcnow
from undersigned.extensions import db
from undersigned.users.models import RecoveryCode, User

COUNT = 10
GROUPS, GROUP_LENGTH = 4, 4


def _normal(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def looks_like_one(code: str) -> bool:
    """Whether ``code`` has a recovery code's length (the authenticator's has six digits)."""
    return len(_normal(code)) == GROUPS * GROUP_LENGTH


def _new_code() -> str:
    text = base64.b32encode(secrets.token_bytes(10)).decode().lower()  # 80 bits, 16 characters
    return "-".join(text[i:i + GROUP_LENGTH] for i in range(0, GROUPS * GROUP_LENGTH, GROUP_LENGTH))


def replace_codes(user: User) -> list[str]:
    """Give ``user`` ten new codes in place of any they had; the codes, to show once. The caller
    commits."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return codes


def drop_codes(user: User) -> None:
    """Delete every code of ``user`` (two-factor sign-in turned off). The caller commits."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def use(user: User, code: str) -> bool:
    """Whether ``code`` is an unused recovery code of ``user``; it is used up (committed). A
    conditional update, so two requests racing with one code cannot both pass."""
    if not looks_like_one(code):
        return False
    used = db.session.execute(
        update(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code),
                                   RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return used == 1


def remaining(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(RecoveryCode)
                             .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0
