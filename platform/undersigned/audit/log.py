"""Recording and reading audit entries."""
from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import Select, func, select

from undersigned.audit.models import AuditEntry
from undersigned.extensions import db

CLI = "cli"
#: The actor of a change made on a page by someone not signed in (an invitee choosing a password).
VISITOR = "visitor"


def record(action: str, campaign: str | None = None, *, actor: str | None = None, **details: Any) -> AuditEntry:
    """Add an entry to the current transaction, so it commits (or rolls back) with the change it
    describes. The actor is ``actor`` if given (an invitee choosing their password acts as
    themselves), else the signed-in console user, ``visitor`` on a page by someone not signed in,
    or ``cli`` outside a request.
    ``details`` must hold no supporter's e-mail address or name: pass ids and counts."""
    entry = AuditEntry(actor=actor or _actor(), action=action, campaign=campaign, details=details)
    db.session.add(entry)
    return entry


def listing(campaign: str | None = None) -> Select:
    """The entries of one campaign or all, as a query in no order: the console pages it by id,
    the newest first."""
    query = select(AuditEntry)
    return query.where(AuditEntry.campaign == campaign) if campaign is not None else query


def entries(campaign: str | None = None, limit: int = 200) -> list[AuditEntry]:
    """The newest ``limit`` entries first, of one campaign or all."""
    return list(db.session.scalars(listing(campaign).order_by(AuditEntry.id.desc()).limit(limit)))


def count(campaign: str | None = None) -> int:
    """How many entries there are, of one campaign or all."""
    query = select(func.count(AuditEntry.id))
    if campaign is not None:
        query = query.where(AuditEntry.campaign == campaign)
    return db.session.scalar(query) or 0


def _actor() -> str:
    if not has_request_context():
        return CLI
    return current_user.email if current_user.is_authenticated else VISITOR
