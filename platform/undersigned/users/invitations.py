"""Inviting a console user: the account is made with no usable password, and the invitee sets
one through an e-mailed link that works once and expires (``CONSOLE_INVITE_HOURS``).

The link is signed and names the account's session version; setting the password raises that
version, so the link stops working the moment it is used (as it does if the account is
disabled meanwhile)."""
from __future__ import annotations

import datetime as dt
import secrets
from typing import Iterable

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import Select, select

from undersigned.audit.log import record
from undersigned.audit.models import AuditEntry
from undersigned.extensions import db
from undersigned.i18n.locale import current_language
from undersigned.i18n.translate import gettext as _
from undersigned.mail.outbox import enqueue
from undersigned.security.hosts import public_url
from undersigned.users import service
from undersigned.users.models import CampaignGrant, User

SALT = "console-invitation"


def invite(email: str, roles: Iterable[str], campaigns: Iterable[str]) -> User:
    """Create the account of ``email`` with ``roles`` and ``campaigns`` and queue the invitation
    e-mail, in one transaction; :class:`service.UserExists` if the address is taken."""
    email = service.normalise(email)
    if service.find(email):
        raise service.UserExists(email)
    user = User(email=email, roles=",".join(sorted(set(roles))),
                grants=[CampaignGrant(campaign=slug) for slug in sorted(set(campaigns))])
    user.set_password(secrets.token_urlsafe(32))  # nobody knows it: the link sets the real one
    db.session.add(user)
    db.session.flush()
    hours = current_app.config["CONSOLE_INVITE_HOURS"]
    enqueue(kind="invitation", to=email, subject=_("You are invited to the Undersigned console"),
            template="users/emails/invitation", language=current_language(),
            link=public_url("access.accept_invitation", token=token_for(user)), hours=hours)
    record("user.invite", user=user.id, roles=user.roles, campaigns=sorted(user.campaigns))
    db.session.commit()
    return user


def pending() -> Select:
    """The invited users who have not chosen their password yet (their link unused), oldest
    first (a query, to read a page at a time): the audit log's invitations, read by its index
    on the action."""
    invited = select(AuditEntry.details["user"].as_integer()).where(AuditEntry.action == "user.invite")
    return (select(User).where(User.id.in_(invited), User.session_version == 1, User.active.is_(True))
            .order_by(User.created_at, User.id))


def expires_at(user: User) -> dt.datetime:
    """When ``user``'s invitation link stops working."""
    return user.created_at + dt.timedelta(hours=current_app.config["CONSOLE_INVITE_HOURS"])


def revoke(user_id: int) -> str | None:
    """Withdraw the pending invitation of user ``user_id``: the never-used account is deleted, so
    the link stops working and the address can be invited again (audited); the address, or
    ``None`` if no such invitation is pending."""
    user = db.session.scalar(pending().where(User.id == user_id))
    if user is None:
        return None
    email = user.email
    record("user.invite_revoke", user=user.id)
    db.session.delete(user)
    db.session.commit()
    return email


def token_for(user: User) -> str:
    return _serializer().dumps({"user": user.id, "version": user.session_version})


def invited_user(token: str) -> User | None:
    """The active user a still-valid, unused invitation ``token`` is for, or ``None``."""
    try:
        data = _serializer().loads(token, max_age=int(current_app.config["CONSOLE_INVITE_HOURS"] * 3600))
    except (BadSignature, TypeError, ValueError):
        return None
    user = service.get(data.get("user")) if isinstance(data, dict) and isinstance(data.get("user"), int) else None
    if user is None or not user.active or user.session_version != data.get("version"):
        return None
    return user


def accept(user: User, password: str) -> None:
    """Set the invitee's password; the link is used up."""
    service.set_password(user, password, by_themselves=True)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)
