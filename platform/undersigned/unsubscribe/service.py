"""Unsubscribing a mailbox from a campaign's optional mail, and its one-click link.

The scope is a campaign, not a mail kind: a supporter who has had enough of a campaign's
reminders and notices wants none of them, and kinds are the platform's names, not theirs.
Transactional mail (confirmations, a copy of one's data, letters sent on their behalf) still goes.
"""
from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from undersigned.extensions import db
from undersigned.security.hosts import public_url
from undersigned.security.identity import email_hash, email_hashes
from undersigned.security.tokens import signing_keys
from undersigned.unsubscribe.models import Unsubscription

SALT = "undersigned.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(signing_keys(), salt=SALT)


def unsubscribe_url(address: str, campaign: str, language: str) -> str:
    """The one-click address (its page in ``language``) that stops ``campaign``'s optional mail
    to ``address``'s mailbox. Signed, so it cannot be guessed, and without expiry: mail is read
    long after it is sent."""
    token = _serializer().dumps([email_hash(address), campaign])
    return public_url("unsubscribe.page", _language=language, token=token)


def read_token(token: str) -> tuple[str, str] | None:
    """``(mailbox_hash, campaign)`` from a token, or ``None`` for a forged one."""
    try:
        mailbox_hash, campaign = _serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    return str(mailbox_hash), str(campaign)


def is_unsubscribed(address: str, campaign: str) -> bool:
    """Whether the mailbox left ``campaign``'s optional mail, under the current hash key or a
    retired one."""
    return db.session.scalar(select(Unsubscription.id).where(
        Unsubscription.mailbox_hash.in_(email_hashes(address)), Unsubscription.campaign == campaign)) is not None


def unsubscribe(mailbox_hash: str, campaign: str) -> None:
    """Record the unsubscription and commit; doing it twice is harmless."""
    db.session.add(Unsubscription(mailbox_hash=mailbox_hash, campaign=campaign))
    try:
        db.session.commit()
    except IntegrityError:  # already unsubscribed (a second click, or two at once)
        db.session.rollback()
