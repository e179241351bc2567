"""What the audit log and the log say about signing in: every sign-in, failed sign-in, sign-out,
pause and wrong two-factor code or password.

An audit entry names the console user by id (its actor is the user once signed in, ``visitor``
before) and never holds the address that was typed; a log line holds neither that address nor
the client's IP address (the limits count a keyed hash of it), so a collector sees who and what,
not where from.
"""
from __future__ import annotations

import logging

from undersigned.audit.log import record
from undersigned.extensions import db
from undersigned.users import service
from undersigned.users.models import User

log = logging.getLogger(__name__)
#: Why a sign-in with the right password failed: the account was paused and no valid code came.
NO_CODE_WHILE_PAUSED = "paused, no valid code"


def signed_in(user: User, second_factor: str | None = None) -> None:
    """``user`` signed in (with ``second_factor``: ``code`` or ``recovery code``, if any)."""
    record("user.login", user=user.id, second_factor=second_factor)
    db.session.commit()
    log.info("console sign-in: user %s", user.id)


def sign_in_failed(address: str, reason: str | None = None) -> None:
    """A sign-in to ``address`` failed: why (by default, as the account tells), and whose account
    it was, if any."""
    user = service.find(address)
    reason = reason or ("unknown account" if user is None else "disabled" if not user.active else "password")
    record("user.login.failed", user=user.id if user else None, reason=reason)
    db.session.commit()
    log.warning("console sign-in failed (%s)%s", reason, f": user {user.id}" if user else "")


def sign_in_paused(scope: str) -> None:
    """A sign-in was refused without a look at the password (users/lockout.py)."""
    log.warning("console sign-in paused (%s)", scope)


def signed_out(user: User) -> None:
    """``user`` signed out (the caller commits, ending their sessions)."""
    record("user.logout", user=user.id)
    log.info("console sign-out: user %s", user.id)


def two_factor_failed(user: User, during: str, wrong: str) -> None:
    """A wrong ``code`` or ``password`` for ``user``'s two-factor sign-in, ``during`` ``sign-in``
    or on the ``account`` page."""
    record("user.2fa.failed", user=user.id, during=during, wrong=wrong)
    db.session.commit()
    log.warning("console two-factor check failed (%s, %s): user %s", during, wrong, user.id)
