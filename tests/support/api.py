"""Signatures and tokens for the API's tests, made through the services the pages use."""
from __future__ import annotations

from typing import Any

from flask import Flask

from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.privacy import service as privacy
from undersigned.security.identity import canonical_email
from undersigned.signing import service
from undersigned.signing.models import Signature

STATE_DEPT = "belarus_state_dept"
SENATE = "belarus_senate"


def signed(app: Flask, email: str, slug: str = STATE_DEPT, *, confirm: bool = True, locale: str = "en",
           **fields: Any) -> int:
    """A signature of ``slug`` from ``email`` with ``fields`` (confirmed unless told), as the
    sign form writes it; its id."""
    values = {"first_name": "Jane", "last_name": "Doe", "letter_name": "Jane Doe", "country": "US",
              "us_state": "OR", **fields}
    with app.test_request_context():
        campaign = registry_of().get(slug)
        signature = service.sign(campaign, values, email=email, email_canonical=canonical_email(email),
                                 locale=locale, ip_hash="test", public_name=False, referral=None)
        if confirm:
            service.confirm(signature, campaign)
        return signature.id


def withdrawn(app: Flask, signature_id: int, slug: str = STATE_DEPT) -> None:
    """Withdraw the signature ``signature_id`` as its signer would: its personal data erased."""
    with app.test_request_context():
        assert privacy.withdraw(db.session.get(Signature, signature_id), registry_of().get(slug))


def token(app: Flask, *slugs: str, scope: str = "read", may_confirm: bool = False) -> str:
    """A token's secret, made with the real ``flask api token create``."""
    args = ["api", "token", "create", "--scope", scope, *(["--may-confirm"] if may_confirm else [])]
    for slug in slugs or (STATE_DEPT,):
        args += ["--campaign", slug]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def headers(secret: str) -> dict[str, str]:
    return {"OSDI-API-Token": secret}
