"""Configuration: defaults in code, then ``FLASK_*`` environment variables, then the mapping
given to :func:`undersigned.create_app`. README.md lists every setting."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

from undersigned.mail import verp
from undersigned.security import keyless, keys
from undersigned.users import hashing

REPO_ROOT = Path(__file__).resolve().parents[2]


def defaults(instance_path: str) -> dict[str, Any]:
    """The embedded defaults: SQLite, a local mailbox, the built-in captcha."""
    instance = Path(instance_path)
    return {
        "SECRET_KEY": None,
        "PUBLIC_URL": None,  # required in production: the address every e-mailed link is built on
        "TRUSTED_HOSTS": None,  # None: only PUBLIC_URL's host (in production)
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'undersigned.sqlite3'}",
        # hide_parameters: SQL logs and database errors never quote a signer's e-mail or name
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "MAIL_TRANSPORT": "mailbox",
        "MAILBOX_FOLDER": str(instance / "mailbox"),
        "MAIL_SERVER": "localhost",
        "MAIL_PORT": 25,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_DEFAULT_SENDER": "Undersigned <noreply@localhost>",
        "MAIL_SUPPRESS_SEND": False,  # the ``mailbox`` transport is how mail stays local
        "MAIL_SMTPUTF8": False,  # whether MAIL_SERVER takes non-ASCII local parts (RFC 6531)
        "MAIL_TIMEOUT": 30.0,  # seconds, for every SMTP operation (connect, each command)
        "MAIL_MESSAGE_ID_DOMAIN": None,  # None: MAIL_DEFAULT_SENDER's domain
        "MAIL_DKIM_KEY_FILE": None,  # a PEM private key: DKIM-sign every message (with the selector)
        "MAIL_DKIM_SELECTOR": None,
        "MAIL_DKIM_DOMAIN": None,  # None: MAIL_DEFAULT_SENDER's domain
        "MAIL_BOUNCE_ADDRESS": None,  # bounces@example.org: each message's envelope sender is bounces+<id>.<check>@
        "MAIL_BOUNCE_KEY": None,  # None: SECRET_KEY; the key of each return path's check
        "MAIL_EVENTS_SECRET": None,  # a mail service's bounce and complaint notifications (HTTP) must send it
        "BOUNCE_SOFT_LIMIT": 3,  # soft bounces (a full mailbox, a refusal for now) before an address is suppressed
        "BOUNCE_KEEP_DAYS": 14,  # ``flask mail purge`` clears a bounce's raw message after this
        "OUTBOX_WORKER_THREAD": None,  # None: on when debugging (the dev server), off otherwise
        "OUTBOX_BATCH_SIZE": 50,
        "OUTBOX_MAX_ATTEMPTS": 8,
        "OUTBOX_POLL_SECONDS": 2.0,
        "OUTBOX_BACKOFF_SECONDS": 30.0,  # the first retry's delay, doubled at each attempt
        "OUTBOX_LEASE_SECONDS": 300.0,  # a claim's lease, renewed while the batch is sent
        "OUTBOX_PURGE_DAYS": 30,  # ``flask outbox purge`` clears sent messages' bodies after this
        "SELF_SUBMIT_REMINDER_DAYS": None,  # None: ``flask signatures remind`` sends nothing
        "CAMPAIGNS_FOLDER": str(Path.cwd() / "campaigns"),
        "CAPTCHA_PROVIDER": "image",
        "CAPTCHA_TTL_SECONDS": 900,
        "CAPTCHA_SITE_KEY": None,  # recaptcha, hcaptcha, turnstile
        "CAPTCHA_SECRET_KEY": None,
        "CAPTCHA_VERIFY_URL": None,  # None: the service's own siteverify endpoint
        "CAPTCHA_VERIFY_TIMEOUT": 5.0,
        "CAPTCHA_TEST_ANSWER": "test-answer",  # the ``test`` provider (testing or debugging only)
        "ALTCHA_COST": 5000,
        "CONFIRM_MAX_AGE_DAYS": 14,
        "PURGE_AFTER_DAYS": 90,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_KEY_PREFIX": "undersigned",
        "RATELIMIT_SIGN": "20 per minute;200 per hour",
        "RATELIMIT_SIGN_EMAIL": "5 per hour;20 per day",
        "RATELIMIT_CONFIRM": "30 per minute;300 per hour",
        "RATELIMIT_CONFIRM_EMAIL": "10 per hour",
        "RATELIMIT_DATA_COPY_EMAIL": "3 per day",
        "RATELIMIT_RESEND": "5 per hour;20 per day",
        "RATELIMIT_CAPTCHA": "60 per minute;600 per hour",
        "RATELIMIT_HELP": "5 per minute;30 per hour",
        "RATELIMIT_HELP_EMAIL": "5 per hour;20 per day",
        "RATELIMIT_LOGIN": "10 per minute;100 per hour",  # failed sign-ins, per client
        "RATELIMIT_LOGIN_EMAIL": "5 per 15 minutes;30 per day",  # failures, per account and client
        "RATELIMIT_LOGIN_ACCOUNT": "50 per hour;200 per day",  # failures, per account from every client
        "RATELIMIT_2FA": "5 per 15 minutes;30 per day",  # wrong two-factor codes, per account
        "RATELIMIT_API": "120 per minute;5000 per hour",  # requests per API token
        "RATELIMIT_API_FAILURES": "10 per minute;100 per hour",  # requests with a bad API token, per client
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_ENABLED": True,
        "LANGUAGES": ["en", "ru", "be"],
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(REPO_ROOT / "translations"),
        "HELP_EMAIL": None,
        "EMBED_ORIGINS": {},  # campaign slug -> sites that may frame its widget
        "IP_HASH_KEY": None,  # None: SECRET_KEY
        "IP_HASH_KEY_PREVIOUS": [],  # keys retired by a rotation: unsubscriptions made under them still count
        "SECRET_KEY_FALLBACKS": [],  # Flask's: retired secret keys whose links and sessions still open
        "TOTP_ENCRYPTION_KEY": None,  # None: derived from SECRET_KEY; encrypts two-factor seeds at rest
        "TOTP_ENCRYPTION_KEY_PREVIOUS": [],  # keys retired by a rotation: seeds under them still decrypt
        "LOG_FORMAT": "text",  # or "json": one JSON object a line
        "COUNT_CACHE_SECONDS": 5.0,
        "PUBLIC_PAGE_SECONDS": 5,  # a shared public page is made again at most this often per process
        "PUBLIC_CACHE_SECONDS": 10,  # how long a browser, nginx or a CDN may keep it (max-age)
        "PUBLIC_STALE_SECONDS": 60,  # and serve it stale while fetching the next (stale-while-revalidate)
        "COUNTER_SHARDS": 16,
        "API_COUNTS_MAX_AGE": 60,  # seconds a browser or a CDN may keep a campaign's /c/<slug>.json
        "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": False,  # tests and closed networks only: webhooks to private addresses
        "WEBHOOK_BACKOFF_SECONDS": 30.0,  # a failed webhook's first retry, doubled at each attempt (at most 6 hours)
        "WEBHOOK_DISABLE_AFTER_DAYS": 3,  # an endpoint failing this long is switched off
        "WEBHOOK_TIMEOUT_SECONDS": 10.0,
        "WEBHOOK_POLL_SECONDS": 5.0,  # ``flask api webhook deliver --loop``
        "WEBHOOK_LEASE_SECONDS": 120.0,  # a worker's claim on a delivery, renewed for each attempt
        "JOINT_LETTER_PAGE_NAMES": 200,  # named co-signers a joint letter's page lists (its PDF: all)
        "HEALTH_TOKEN": None,  # sent as X-Health-Token: /healthz's full report (else ok/unavailable only)
        "PROXY_FIX_X_FOR": 0,  # proxies in front that set X-Forwarded-For (0: trust none)
        "PROXY_FIX_X_PROTO": 0,
        "PROXY_FIX_X_HOST": 0,
        "PROXY_FIX_X_PORT": 0,
        "PROXY_FIX_X_PREFIX": 0,
        "CONSOLE_SESSION_MINUTES": 60,  # a console session idle this long ends
        "CONSOLE_REQUIRE_2FA": False,  # admins must turn two-factor sign-in on before anything else
        "CONSOLE_INVITE_HOURS": 72,  # how long an invitation's set-your-password link works
        "SESSION_COOKIE_SECURE": None,  # None: on in production, off when debugging or testing
        "SESSION_COOKIE_HTTPONLY": True,
        "PASSWORD_HASH_METHOD": hashing.DEFAULT_METHOD,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SERVER_NAME": None,  # Flask's: the host in links built outside a request (e-mails)
        "PREFERRED_URL_SCHEME": "http",
    }


def load(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    """Fill ``app.config`` from defaults, the environment and ``overrides``, in that order."""
    app.config.from_mapping(defaults(app.instance_path))
    app.config.from_prefixed_env()
    if overrides:
        app.config.from_mapping(overrides)
    if app.config["OUTBOX_WORKER_THREAD"] is None:
        app.config["OUTBOX_WORKER_THREAD"] = app.debug and not app.testing
    if not app.config["SECRET_KEY"]:
        if app.debug or app.testing:
            app.config["SECRET_KEY"] = _development_secret(Path(app.instance_path))
        elif keyless.loading_for_a_command():
            keyless.defer_to_command(app, MISSING_SECRET)
            app.config["SECRET_KEY"] = keyless.throwaway_secret()
        else:
            raise RuntimeError(MISSING_SECRET)
    elif not (app.debug or app.testing):
        keys.require_strong("SECRET_KEY", app.config["SECRET_KEY"])
    keys.check_keys(app.config, production=not (app.debug or app.testing))
    verp.check_settings(app)
    _check_reminder_days(app.config.get("SELF_SUBMIT_REMINDER_DAYS"))
    _check_webhook_lease(app.config["WEBHOOK_LEASE_SECONDS"], app.config["WEBHOOK_TIMEOUT_SECONDS"])
    app.config["PASSWORD_HASH_METHOD"] = hashing.checked_method(app.config["PASSWORD_HASH_METHOD"],
                                                                production=not (app.debug or app.testing))
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = not (app.debug or app.testing)


MISSING_SECRET = ("SECRET_KEY is not set. In production set FLASK_SECRET_KEY to a long random value "
                  f"(make one with: {keys.MAKE_A_KEY}).")


def _check_reminder_days(days: Any) -> None:
    """Refuse a ``SELF_SUBMIT_REMINDER_DAYS`` that is not a whole number of days above zero: 0 once
    silently meant "off", which unsetting it says plainly."""
    if days is None:
        return
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise RuntimeError(f"SELF_SUBMIT_REMINDER_DAYS is {days!r}: give a whole number of days above 0. "
                           "To turn the reminders off, unset it (FLASK_SELF_SUBMIT_REMINDER_DAYS).")


def _check_webhook_lease(lease: Any, timeout: Any) -> None:
    """Refuse a ``WEBHOOK_LEASE_SECONDS`` that would run out while a receiver still has time to
    answer: another worker would then send the same delivery again."""
    if isinstance(lease, bool) or not isinstance(lease, (int, float)) or lease <= timeout:
        raise RuntimeError(f"WEBHOOK_LEASE_SECONDS is {lease!r}: give a number of seconds above "
                           f"WEBHOOK_TIMEOUT_SECONDS ({timeout!r}), so a worker's claim on a delivery outlasts "
                           "the receiver's time to answer.")


def _development_secret(instance: Path) -> str:
    """A random key kept in ``instance/`` so development sessions survive a restart."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        os.chmod(path, 0o600)
    return path.read_text().strip()
