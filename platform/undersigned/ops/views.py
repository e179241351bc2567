"""``/healthz``: whether this machine can reach its database, and how the outbox stands.

For load balancers and monitoring: counts and ages only, never an address or a subject. 200 when
the database answers, 503 when it does not. Not rate limited and not cached."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import Blueprint, jsonify
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from undersigned.contract import utcnow
from undersigned.extensions import db
from undersigned.mail.models import FAILED, QUEUED, OutboxMessage

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


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


@bp.get("/healthz")
def healthz():
    """``{"status": "ok", "database": "ok", "outbox": {...}}``, or 503 with ``"database": "down"``."""
    try:
        db.session.execute(text("SELECT 1"))
        backlog = outbox_backlog(utcnow())
    except SQLAlchemyError as exc:
        db.session.rollback()
        log.error("health check: the database does not answer (%s)", type(exc).__name__)
        response = jsonify(status="unavailable", database="down")
        response.status_code = 503
    else:
        response = jsonify(status="ok", database="ok", outbox=backlog)
    response.headers["Cache-Control"] = "no-store"
    return response
