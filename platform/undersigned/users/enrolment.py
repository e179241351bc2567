"""The seed being enrolled, until the first code confirms it.

It is kept on the server, encrypted like a confirmed seed; the session cookie (signed, not
encrypted) holds only a random id for it. It belongs to one user in one session: the next person
on that browser, or the same user in a new session, gets a fresh seed, and signing out deletes it.
An abandoned one is replaced after ``MAX_AGE``.
"""
from __future__ import annotations

import datetime as dt
import secrets

from flask import session
from sqlalchemy import delete

from undersigned.contract import utcnow
from undersigned.extensions import db
from undersigned.security.encryption import decrypt_seed, encrypt_seed
from undersigned.users import totp
from undersigned.users.models import PendingEnrolment, User

SESSION_KEY = "console_2fa_enrolment"
MAX_AGE = dt.timedelta(minutes=30)


def _current(user: User) -> PendingEnrolment | None:
    enrolment_id = session.get(SESSION_KEY)
    row = db.session.get(PendingEnrolment, enrolment_id) if isinstance(enrolment_id, str) else None
    if row is None or row.user_id != user.id or utcnow() - row.created_at > MAX_AGE:
        return None
    return row


def pending_seed(user: User) -> str:
    """The seed this session is enrolling for ``user``: the same one until it is confirmed, a new
    one the first time (committed)."""
    row = _current(user)
    seed = decrypt_seed(row.seed_encrypted) if row else None
    if seed is None:
        discard(user)
        seed = totp.new_secret()
        row = PendingEnrolment(id=secrets.token_urlsafe(32), user_id=user.id, seed_encrypted=encrypt_seed(seed))
        db.session.add(row)
        db.session.commit()
        session[SESSION_KEY] = row.id
    return seed


def confirmable_seed(user: User) -> str | None:
    """The seed this session shows ``user``, if any (nothing is made)."""
    row = _current(user)
    return decrypt_seed(row.seed_encrypted) if row else None


def discard(user: User) -> None:
    """Forget every seed ``user`` was enrolling, in any session (committed)."""
    session.pop(SESSION_KEY, None)
    db.session.execute(delete(PendingEnrolment).where(PendingEnrolment.user_id == user.id))
    db.session.commit()
