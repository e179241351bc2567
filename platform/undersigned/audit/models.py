"""One audit entry. It names the console user (or ``cli``), never a supporter: ``details`` holds
ids and counts, not e-mail addresses or names."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from undersigned.contract import utcnow
from undersigned.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    #: The console user's e-mail address, or ``cli`` for a command on the server.
    actor: Mapped[str] = mapped_column(String(254))
    #: Indexed: the pending invitations are read from the ``user.invite`` entries.
    action: Mapped[str] = mapped_column(String(64), index=True)
    campaign: Mapped[str | None] = mapped_column(String(64), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
