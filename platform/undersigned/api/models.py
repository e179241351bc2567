"""The API's tables: its tokens, each kept only as a hash of the secret shown once."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from undersigned.contract import utcnow
from undersigned.extensions import db

READ, WRITE = "read", "write"
SCOPES = (READ, WRITE)


class ApiToken(db.Model):
    """A partner's key to some campaigns: ``read`` lists their signatures, ``write`` also records
    new ones. The secret itself is never stored, only its SHA-256."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(8), default=READ)
    #: The slugs of the campaigns it reaches.
    campaigns: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Who made it: a console user's e-mail address, or ``cli``.
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def reaches(self, campaign: str, scope: str) -> bool:
        """Whether this token, unrevoked, may act on ``campaign`` with ``scope`` (write includes read)."""
        return (self.revoked_at is None and campaign in self.campaigns
                and (scope == READ or self.scope == WRITE))

    def __repr__(self) -> str:  # never the secret's hash either
        return f"<ApiToken {self.id} {self.scope}>"
