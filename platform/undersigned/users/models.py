"""Console users and what their roles let them do (least privilege: each page names the one
permission it needs)."""
from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from undersigned.contract import utcnow
from undersigned.extensions import db
from undersigned.users import hashing

ROLES = ("admin", "organizer", "translator")
#: Each permission and the roles that hold it.
PERMISSIONS: dict[str, frozenset[str]] = {
    "organize": frozenset({"admin", "organizer"}),
    "translate": frozenset({"admin", "translator"}),
    #: Managing console users, reading the audit log, looking after the outbox.
    "admin": frozenset({"admin"}),
    #: Opening the console at all: its front page and one's own account (two-factor sign-in).
    "console": frozenset(ROLES),
}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    roles: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: Part of every session's user id; raising it ends every session of this user.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: The TOTP seed, encrypted (security/encryption.py), once two-factor sign-in is on; ``None`` while off.
    totp_seed_encrypted: Mapped[str | None] = mapped_column(String(255))
    #: The last TOTP time step accepted, so a code never works twice.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    grants: Mapped[list["CampaignGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin")

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(filter(None, self.roles.split(",")))

    def can(self, permission: str, campaign: str | None = None) -> bool:
        """Whether a role grants ``permission``; with ``campaign`` (a slug), also whether this
        user may act on that campaign: admins on every campaign, others on those granted."""
        if not self.role_set & PERMISSIONS[permission]:
            return False
        return campaign is None or "admin" in self.role_set or campaign in self.campaigns

    @property
    def has_two_factor(self) -> bool:
        return self.totp_seed_encrypted is not None

    @property
    def campaigns(self) -> frozenset[str]:
        """The slugs of the campaigns granted to this user."""
        return frozenset(grant.campaign for grant in self.grants)

    def get_id(self) -> str:
        """The session's user id, ``"<id>:<session version>"`` (Flask-Login)."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Sign this user out everywhere: every session made before stops working."""
        self.session_version = (self.session_version or 1) + 1

    def set_password(self, password: str) -> None:
        if self.password_hash:
            self.end_sessions()
        self.password_hash = hashing.hash_password(password)

    def check_password(self, password: str) -> bool:
        return hashing.matches(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.roles}>"


class CampaignGrant(db.Model):
    """One campaign an organizer may run."""
    __tablename__ = "campaign_grants"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    campaign: Mapped[str] = mapped_column(String(64), primary_key=True)
    user: Mapped[User] = relationship(back_populates="grants")


class RecoveryCode(db.Model):
    """One single-use recovery code, kept as its SHA-256 (each code carries 80 random bits)."""
    __tablename__ = "totp_recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class PendingEnrolment(db.Model):
    """A TOTP seed shown to a user and not yet confirmed by a code: it belongs to the one session
    whose cookie holds ``id`` (never the seed)."""
    __tablename__ = "totp_enrolments"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    seed_encrypted: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
