"""API tokens: made (the secret returned once, only its hash kept), listed, revoked, and found
from the secret a request sends. Every change is in the audit log; no secret is ever logged."""
from __future__ import annotations

import hashlib
import logging
import secrets

from sqlalchemy import select, update

from undersigned.api.models import SCOPES, WRITE, ApiToken
from undersigned.audit.log import record
from undersigned.contract import utcnow
from undersigned.extensions import db

log = logging.getLogger(__name__)
#: Every secret starts so, which lets a secret scanner (and a reader) recognise one.
PREFIX = "usg_"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create(campaigns: list[str], scope: str, *, label: str = "", created_by: str,
           may_confirm: bool = False) -> tuple[ApiToken, str]:
    """A new token for ``campaigns`` with ``scope``, committed; returns it and its secret, which
    exists nowhere else from now on. ``may_confirm`` (a ``write`` token only): its partner
    confirms signers' addresses itself, and may say so."""
    if scope not in SCOPES or not campaigns or (may_confirm and scope != WRITE):
        raise ValueError(scope)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(label=label, secret_hash=secret_hash(secret), scope=scope, campaigns=sorted(set(campaigns)),
                     created_by=created_by, may_confirm=may_confirm)
    db.session.add(token)
    db.session.flush()
    for campaign in token.campaigns:
        record("api.token_created", campaign=campaign, token=token.id, scope=scope,
               **({"may_confirm": True} if may_confirm else {}))
    db.session.commit()
    log.info("API token %s created (%s%s)", token.id, scope, ", may confirm" if may_confirm else "")
    return token, secret


def tokens(campaign: str | None = None) -> list[ApiToken]:
    """Every token, or those reaching ``campaign``, newest first (revoked ones too)."""
    found = db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc()))
    return [token for token in found if campaign is None or campaign in token.campaigns]


def revoke(token_id: int) -> ApiToken | None:
    """Revoke the token ``token_id`` for good; ``None`` if there is no such token still valid."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.revoked_at is not None:
        return None
    token.revoked_at = utcnow()
    for campaign in token.campaigns:
        record("api.token_revoked", campaign=campaign, token=token.id)
    db.session.commit()
    log.info("API token %s revoked", token.id)
    return token


def authenticate(secret: str) -> ApiToken | None:
    """The valid token whose secret is ``secret``; ``None`` for anything else. Its last use is
    noted (at most once a minute, so a busy partner does not write on every request)."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.secret_hash == secret_hash(secret),
                                                     ApiToken.revoked_at.is_(None)))
    now = utcnow()
    if token is not None and (token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60):
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
        db.session.commit()
    return token
