"""Taking in a signature, as the sign form and the API both do once the request's own checks
(CSRF and captcha for the form, a token for the API) have passed: the validated form's values,
the canonical e-mail address, the per-mailbox limit, mail that is known to fail, then
:func:`undersigned.signing.service.sign` (the block list, one signature per mailbox, the
confirmation e-mail in the same transaction)."""
from __future__ import annotations

from typing import Any

from undersigned.contract import Campaign
from undersigned.security.identity import canonical_email
from undersigned.security.limits import check, email_key
from undersigned.signing import service, undeliverable
from undersigned.signing.forms import SignForm, field_values
from undersigned.signing.models import Signature


class Undeliverable(Exception):
    """Mail to the address fails (it bounced or is suppressed): the form's e-mail field says so."""

    def __init__(self, canonical: str) -> None:
        super().__init__("undeliverable")
        self.canonical = canonical


def accept(campaign: Campaign, form: SignForm, *, locale: str, ip_hash: str, public_name: bool,
           referral: str | None, confirmed_audit: str | None = None,
           details: dict[str, Any] | None = None) -> Signature:
    """Write the pending signature of a validated ``form`` (confirmed at once, audited as
    ``confirmed_audit`` with ``details``, for a partner that confirmed the address itself: see
    :func:`~undersigned.signing.service.sign`). Raises
    :class:`~undersigned.security.limits.LimitExceeded` past ``RATELIMIT_SIGN_EMAIL``,
    :class:`Undeliverable`, :class:`~undersigned.signing.service.Refused` (block list) and
    :class:`~undersigned.signing.service.AlreadySigned`; nothing is written then."""
    values = field_values(form, campaign)
    canonical = canonical_email(values["email"])
    check("RATELIMIT_SIGN_EMAIL", key=email_key(canonical))
    if undeliverable.refuse(form["email"], values["email"]):
        raise Undeliverable(canonical)
    return service.sign(campaign, values, email=values["email"], email_canonical=canonical, locale=locale,
                        ip_hash=ip_hash, public_name=public_name, referral=referral,
                        confirmed_audit=confirmed_audit, details=details)
