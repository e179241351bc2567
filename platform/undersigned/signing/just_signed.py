"""The signature a supporter has just sent, remembered in their own session for the check-e-mail
page: which address the message went to (masked), and whether they may resend it or correct
the address.

The session holds a signed token naming the signature and whether it is the supporter's own
(a new pending signature) or someone else's (their address had signed before): only an own
signature can be corrected, and a repeat must look exactly like a first signature. A person can
act on nothing but what their own session names, never on an id they send.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import session
from sqlalchemy import select

from undersigned.contract import Campaign
from undersigned.extensions import db
from undersigned.security.identity import mask_email
from undersigned.security.tokens import make_token, read_token
from undersigned.signing.models import Signature

SESSION_KEY = "just_signed"
PURPOSE = "undersigned.just-signed"


@dataclass(frozen=True)
class JustSigned:
    """The signature a session names, whether it is the session's ``own``, and the ``shown``
    (masked) address the confirmation went to."""

    signature: Signature
    own: bool
    shown: str


def remember(campaign: Campaign, signature: Signature, *, own: bool, email: str | None = None) -> None:
    """Name ``signature`` in the session for ``campaign``'s check-e-mail page; ``email`` is the
    address the supporter typed (shown masked), by default the signature's."""
    entries = dict(session.get(SESSION_KEY, {}))
    entries[campaign.slug] = {"token": make_token(PURPOSE, f"{int(own)}:{signature.public_id}"),
                              "shown": mask_email(email or signature.email or "")}
    session[SESSION_KEY] = entries


def recall(campaign: Campaign) -> JustSigned | None:
    """What the session remembers for ``campaign``, or ``None``."""
    entry = session.get(SESSION_KEY, {}).get(campaign.slug)
    if not isinstance(entry, dict):
        return None
    value = read_token(PURPOSE, str(entry.get("token", "")))
    if not value or ":" not in value:
        return None
    own, _, public_id = value.partition(":")
    signature = db.session.scalar(select(Signature).filter_by(public_id=public_id, campaign=campaign.slug))
    if signature is None:
        return None
    return JustSigned(signature=signature, own=own == "1", shown=str(entry.get("shown", "")))
