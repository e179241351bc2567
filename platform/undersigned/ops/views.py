"""``/healthz``: whether this machine can serve, for load balancers; the full report (database,
rate-limit storage, outbox backlog) for monitoring.

Anyone gets ``{"status": "ok"}`` (200) or ``{"status": "unavailable"}`` (503, the database does
not answer), nothing more. The full report goes to a caller that sends ``HEALTH_TOKEN`` in the
``X-Health-Token`` header, or to an internal one: a process on this machine talking to it
directly (from a loopback address, through no proxy). It says ``"degraded"`` (still 200: the
machine saves signatures) when the rate-limit storage (Redis) is unreachable, since limits and
single-use captcha answers then hold per process only. Counts and ages only, never an address or
a subject. Not rate limited and not cached."""
from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import logging
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.blueprints import BlueprintSetupState
from limits.storage import MemoryStorage
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from undersigned.contract import utcnow
from undersigned.extensions import db
from undersigned.mail.models import FAILED, QUEUED, OutboxMessage
from undersigned.security.limits import current_limits

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)

TOKEN_HEADER = "X-Health-Token"
#: The shortest ``HEALTH_TOKEN`` accepted (``secrets.token_urlsafe(32)`` gives 43 characters).
MIN_TOKEN_LENGTH = 32
#: Headers a proxy adds: a request carrying one came through a proxy, so it is not internal.
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")
OK, DEGRADED, UNAVAILABLE = "ok", "degraded", "unavailable"


@bp.record_once
def _refuse_a_short_token(state: BlueprintSetupState) -> None:
    token = state.app.config["HEALTH_TOKEN"]
    if token is not None and len(str(token)) < MIN_TOKEN_LENGTH:
        raise RuntimeError(f"HEALTH_TOKEN is too short: use at least {MIN_TOKEN_LENGTH} random characters "
                           "(python -c 'import secrets; print(secrets.token_urlsafe(32))')")


def outbox_backlog(now: dt.datetime) -> dict[str, Any]:
    """Queued and dead messages, and how long the oldest due one has waited (seconds). Reads
    only queued and dead rows (``status`` is indexed), never the sent ones."""
    counts = dict(db.session.execute(
        select(OutboxMessage.status, func.count()).where(OutboxMessage.status.in_((QUEUED, FAILED)))
        .group_by(OutboxMessage.status)).all())
    oldest = db.session.scalar(select(func.min(OutboxMessage.next_attempt_at))
                               .where(OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= now))
    return {"queued": counts.get(QUEUED, 0), "dead": counts.get(FAILED, 0),
            "oldest_due_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0.0}


def limit_storage() -> str:
    """``ok`` (the shared storage answers), ``down`` (it does not) or ``memory`` (configured so:
    each process counts alone)."""
    storage = current_limits().storage
    if isinstance(storage, MemoryStorage):
        return "memory"
    return "ok" if storage.check() else "down"


def sees_the_report() -> bool:
    """Whether this caller gets the full report: it sent ``HEALTH_TOKEN``, or it is internal."""
    token = current_app.config["HEALTH_TOKEN"]
    sent = request.headers.get(TOKEN_HEADER)
    if token is not None and sent is not None and hmac.compare_digest(sent.encode(), str(token).encode()):
        return True
    return _internal()


def _internal() -> bool:
    """A direct call from this machine: the connection's own address (before any proxy
    settings rewrite it) is a loopback one, and no proxy header says it came from elsewhere."""
    peer = request.environ.get("werkzeug.proxy_fix.orig", request.environ).get("REMOTE_ADDR") or ""
    try:
        loopback = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        return False
    return loopback and not any(name in request.headers for name in FORWARDING_HEADERS)


def database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        _database_down(exc)
        return False
    return True


def full_report() -> tuple[dict[str, Any], int]:
    """Every check, and the answer's status code."""
    limits = limit_storage()
    try:
        db.session.execute(text("SELECT 1"))
        backlog = outbox_backlog(utcnow())
    except SQLAlchemyError as exc:
        _database_down(exc)
        return {"status": UNAVAILABLE, "database": "down", "limits": limits}, 503
    status = DEGRADED if limits == "down" else OK
    return {"status": status, "database": "ok", "limits": limits, "outbox": backlog}, 200


def _database_down(exc: SQLAlchemyError) -> None:
    db.session.rollback()
    log.error("health check: the database does not answer (%s)", type(exc).__name__)


@bp.get("/healthz")
def healthz():
    """The full report for the token or an internal caller; ``ok`` or ``unavailable`` for anyone
    else (only the database is asked: an outsider's request costs one ``SELECT 1``)."""
    if sees_the_report():
        report, code = full_report()
    else:
        code = 200 if database_answers() else 503
        report = {"status": OK if code == 200 else UNAVAILABLE}
    response = jsonify(report)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response
