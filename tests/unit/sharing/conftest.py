"""Signatures for the sharing tests: signed with a referral code, confirmed if asked."""
from __future__ import annotations

from tests.support.signing import STATE_DEPT_SIGNER
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.security.identity import canonical_email
from undersigned.signing import service
from undersigned.signing.models import Signature


def seed(email: str, referral: str | None = None, confirm: bool = True,
         slug: str = "belarus_state_dept") -> Signature:
    """One signature of ``slug`` (call inside a request context), confirmed unless told not."""
    campaign = registry_of().get(slug)
    signature = service.sign(campaign, dict(STATE_DEPT_SIGNER, email=email), email=email,
                             email_canonical=canonical_email(email), locale="en", ip_hash="0" * 32,
                             public_name=False, referral=referral)
    if confirm:
        service.confirm(signature, campaign)
    return db.session.get(Signature, signature.id)
