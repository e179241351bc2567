"""Rate limits: Flask-Limiter's storage and strategy, one limiter per app, checked explicitly.

Storage is ``RATELIMIT_STORAGE_URI``: memory by default, Redis in production so limits hold
across workers and hosts. Each limit is a setting (``RATELIMIT_SIGN``, ``RATELIMIT_LOGIN``...)
in Flask-Limiter's notation, ``"20 per minute;200 per hour"``; an empty value turns it off.

A view checks a limit where it knows what to count::

    with limit("RATELIMIT_LOGIN"):                                # per client (IP hash)
        ...
    with limit("RATELIMIT_LOGIN_EMAIL", key=email_key(address)):  # per mailbox
        ...

Counts are kept under a keyed hash of the client's address
(:func:`undersigned.security.identity.ip_hash`) or of the mailbox an e-mail reaches (``+tags``
dropped on every domain), never the address itself, so neither the storage nor Flask-Limiter's
log holds personal data.
A request over a limit gets the 429 page in the reader's language, with ``Retry-After``.
"""
from __future__ import annotations

import logging
import math
import time
from contextlib import contextmanager
from typing import Callable, Iterator

from flask import Flask, current_app, render_template
from flask_limiter import Limiter, RateLimitExceeded
from limits import parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import STRATEGIES, RateLimiter
from werkzeug.exceptions import TooManyRequests

from undersigned.security.identity import email_hash, ip_hash

EXTENSION = "undersigned.limiter"
log = logging.getLogger(__name__)


class LimitExceeded(TooManyRequests):
    """A request went over one of the configured limits."""

    def __init__(self, setting: str, retry_after: int) -> None:
        super().__init__(retry_after=retry_after)
        self.setting = setting


class Limits:
    """The app's limiter, and where single-use markers (captcha answers) are kept."""

    def __init__(self, app: Flask, limiter: Limiter) -> None:
        self.flask_limiter = limiter
        self.prefix = app.config["RATELIMIT_KEY_PREFIX"]
        if limiter.enabled:
            self.storage: Storage = limiter.storage
            self.strategy: RateLimiter = limiter.limiter
        else:  # limits off: single-use markers must still work, in the configured storage
            self.storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
            self.strategy = STRATEGIES["fixed-window"](self.storage)
        self._fallback_storage = MemoryStorage()
        self._fallback_strategy = STRATEGIES["fixed-window"](self._fallback_storage)
        self.storage_failed = False

    @property
    def enabled(self) -> bool:
        return bool(self.flask_limiter.enabled)

    def _call(self, action: Callable[[RateLimiter, Storage], object]) -> object:
        """Run ``action`` on the configured storage; if it is unreachable, on this process's
        memory (limits then hold per process until the storage is back)."""
        try:
            result = action(self.strategy, self.storage)
        except Exception as exc:  # a storage outage must not take signing down
            if not self.storage_failed:
                log.warning("rate-limit storage unreachable (%s); counting in memory meanwhile",
                            type(exc).__name__)
            self.storage_failed = True
            return action(self._fallback_strategy, self._fallback_storage)
        if self.storage_failed:
            log.info("rate-limit storage reachable again")
            self.storage_failed = False
        return result

    def hit(self, setting: str, value: str, identity: str) -> int:
        """Count one request against every window of ``value``; 0 if allowed, else the seconds
        until the fullest window resets."""
        wait = 0
        for item in parse_many(value):
            keys = (self.prefix, setting, identity)
            allowed = self._call(lambda strategy, _storage: strategy.hit(item, *keys))
            if not allowed:
                stats = self._call(lambda strategy, _storage: strategy.get_window_stats(item, *keys))
                wait = max(wait, math.ceil(stats.reset_time - time.time()), 1)
        return wait

    def wait(self, setting: str, value: str, identity: str) -> int:
        """0 if one more request would be allowed by every window of ``value`` (nothing is
        counted), else the seconds until the fullest window resets."""
        wait = 0
        for item in parse_many(value):
            keys = (self.prefix, setting, identity)
            if not self._call(lambda strategy, _storage: strategy.test(item, *keys)):
                stats = self._call(lambda strategy, _storage: strategy.get_window_stats(item, *keys))
                wait = max(wait, math.ceil(stats.reset_time - time.time()), 1)
        return wait

    def mark_used(self, key: str, ttl: int) -> bool:
        """Record ``key`` as used for ``ttl`` seconds; ``False`` if it was used before."""
        full_key = f"{self.prefix}/used/{key}"
        return self._call(lambda _strategy, storage: storage.incr(full_key, max(int(ttl), 1))) == 1


def configure_limits(app: Flask) -> None:
    limiter = Limiter(lambda: ip_hash(), app=app, key_prefix=app.config["RATELIMIT_KEY_PREFIX"])
    app.extensions[EXTENSION] = Limits(app, limiter)

    @app.errorhandler(LimitExceeded)
    @app.errorhandler(RateLimitExceeded)  # limits a plugin sets with Flask-Limiter's decorators
    def too_many_requests(error: TooManyRequests):
        retry_after = getattr(error, "retry_after", None)
        wait = retry_after if isinstance(retry_after, int) else None
        minutes = math.ceil(wait / 60) if wait else None
        response = current_app.make_response((render_template("errors/429.html", minutes=minutes), 429))
        if wait:
            response.headers["Retry-After"] = str(wait)
        return response


def current_limits() -> Limits:
    return current_app.extensions[EXTENSION]


def check(setting: str, key: str | None = None) -> None:
    """Count this request against the limits named by config ``setting``; raise
    :class:`LimitExceeded` (the 429 page) when one is exceeded.

    Without ``key`` the count is per client (a keyed hash of the IP); with ``key`` (for example
    :func:`email_key`) it is per that key.
    """
    limits = current_limits()
    value = current_app.config.get(setting)
    if not limits.enabled or not value:
        return
    wait = limits.hit(setting, value, _identity(key))
    if wait:
        log.info("rate limit %s exceeded (%s)", setting, "per key" if key else "per client")
        raise LimitExceeded(setting, wait)


def _identity(key: str | None) -> str:
    return f"key:{key}" if key else f"ip:{ip_hash()}"


def exceeded(setting: str, key: str | None = None) -> int:
    """Seconds until the limits of ``setting`` allow another request (0: allowed now), counting
    nothing: for limits on failures, counted afterwards with :func:`count`."""
    limits = current_limits()
    value = current_app.config.get(setting)
    if not limits.enabled or not value:
        return 0
    return limits.wait(setting, value, _identity(key))


def count(setting: str, key: str | None = None) -> None:
    """Count one request (a failure) against the limits of ``setting``, refusing nothing."""
    limits = current_limits()
    value = current_app.config.get(setting)
    if limits.enabled and value:
        limits.hit(setting, value, _identity(key))


@contextmanager
def limit(setting: str, key: str | None = None) -> Iterator[None]:
    """``with limit("RATELIMIT_SIGN"): ...``: :func:`check`, as a context manager."""
    check(setting, key)
    yield


def email_key(address: str) -> str:
    """The key a per-mailbox limit counts under: a keyed hash of the mailbox ``address``
    reaches (``boss+1@`` and ``boss+2@`` are one mailbox on every domain), never the address."""
    return email_hash(address)
