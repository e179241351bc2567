"""Finding the signature a signed link names, and saying why a confirmation link does not."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select
from werkzeug.exceptions import Gone, NotFound

from undersigned.contract import Campaign
from undersigned.extensions import db
from undersigned.security.tokens import CONFIRM, expired_token_id, read_token
from undersigned.signing.models import Signature
from undersigned.signing.service import signature_for_token


class LinkExpired(Gone):
    """A genuine confirmation link, older than ``CONFIRM_MAX_AGE_DAYS``."""


class LinkBroken(NotFound):
    """A confirmation link that names no signature of the campaign: incomplete, changed, or
    replaced by a newer one (a corrected address)."""


def signature_or_404(campaign: Campaign, purpose: str, token: str) -> Signature:
    """The signature ``token`` names on ``campaign`` (see :func:`signature_for_token`); 404 if
    the token is forged, expired, or its signature was withdrawn or invalidated. A confirmation
    link that does not work raises :class:`LinkExpired` or :class:`LinkBroken`, whose pages say
    why (``signing/stale_links.py``)."""
    signature = signature_for_token(campaign, purpose, token)
    if signature is None:
        if purpose == CONFIRM:
            raise LinkExpired() if expired_token_id(CONFIRM, token) else LinkBroken()
        abort(404)
    return signature


def signature_of_confirmation_link(campaign: Campaign, token: str) -> Signature | None:
    """The signature of ``campaign`` a genuine confirmation link names, expired or not (``None``
    if none has its public id any more); :class:`LinkBroken` for a forged link."""
    public_id = read_token(CONFIRM, token) or expired_token_id(CONFIRM, token)
    if public_id is None:
        raise LinkBroken()
    return db.session.scalar(select(Signature).filter_by(public_id=public_id, campaign=campaign.slug))
