"""Pausing console sign-in after failures, without locking the real user out.

Only failures count (a wrong password, a wrong two-factor code); signing in counts nothing. Three
limits on sign-in, each a setting in Flask-Limiter's notation:

- ``RATELIMIT_LOGIN``, per client: one connection trying many accounts pauses, that connection only;
- ``RATELIMIT_LOGIN_EMAIL``, per account *and* client: guessing one account's password from one
  connection pauses that connection for that account, while the account's owner, elsewhere, signs
  in as usual;
- ``RATELIMIT_LOGIN_ACCOUNT``, per account from every client: the ceiling for guesses spread over
  many addresses.

While an account is paused (either of the last two), its password alone signs no one in; the
right password with a current two-factor code does. The code is looked at only once the password
is right, so a guesser learns nothing from the answer and cannot use up the owner's code limit
(``RATELIMIT_2FA``, per account, which the code step counts too).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from undersigned.security.identity import ip_hash
from undersigned.security.limits import count, email_key, exceeded
from undersigned.users.models import User

#: What is paused: this connection for every account, or this account (from here or everywhere).
CLIENT, ACCOUNT = "client", "account"


@dataclass(frozen=True)
class Pause:
    scope: str
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def _account(address: str) -> str:
    """The account's key in the limits: a keyed hash of the address, never the address."""
    return email_key(address.strip().lower()[:254])


def pause_for(address: str) -> Pause | None:
    """Whether signing in to ``address`` from this client is paused, and for how long."""
    wait = exceeded("RATELIMIT_LOGIN")
    if wait:
        return Pause(CLIENT, wait)
    account = _account(address)
    wait = max(exceeded("RATELIMIT_LOGIN_EMAIL", key=f"{account}:{ip_hash()}"),
               exceeded("RATELIMIT_LOGIN_ACCOUNT", key=account))
    return Pause(ACCOUNT, wait) if wait else None


def sign_in_failed(address: str) -> None:
    """Count a failed sign-in to ``address`` from this client."""
    account = _account(address)
    count("RATELIMIT_LOGIN")
    count("RATELIMIT_LOGIN_EMAIL", key=f"{account}:{ip_hash()}")
    count("RATELIMIT_LOGIN_ACCOUNT", key=account)


def code_wait(user: User) -> int:
    """Seconds until ``user`` may try another two-factor code (0: now)."""
    return exceeded("RATELIMIT_2FA", key=f"user:{user.id}")


def code_failed(user: User) -> None:
    """Count a wrong two-factor code of ``user``."""
    count("RATELIMIT_2FA", key=f"user:{user.id}")
