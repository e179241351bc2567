"""Finding the signature a signed link names."""
from __future__ import annotations

from flask import abort

from undersigned.contract import Campaign
from undersigned.signing.models import Signature
from undersigned.signing.service import signature_for_token


def signature_or_404(campaign: Campaign, purpose: str, token: str) -> Signature:
    """The signature ``token`` names on ``campaign`` (see :func:`signature_for_token`); 404 if
    the token is forged, expired, or its signature was withdrawn or invalidated."""
    signature = signature_for_token(campaign, purpose, token)
    if signature is None:
        abort(404)
    return signature
