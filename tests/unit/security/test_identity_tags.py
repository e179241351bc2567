"""Per-mailbox limits count ``name+tag@domain`` as ``name@domain`` on every domain, while
de-duplication keeps tags outside the providers known to ignore them (issue 8, item 7)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.support.clients import client_at
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, sign
from undersigned.extensions import db
from undersigned.security.identity import canonical_email, mailbox
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"


def test_a_mailbox_drops_the_tag_on_any_domain_but_de_duplication_does_not():
    assert mailbox("Boss+1@Company.Example") == mailbox("boss+8@company.example") == "boss@company.example"
    assert mailbox("jane.doe+x@googlemail.com") == "janedoe@gmail.com"
    assert mailbox("boss@company.example") != mailbox("bossy@company.example")
    assert canonical_email("boss+1@company.example") != canonical_email("boss+2@company.example")


@pytest.mark.config(RATELIMIT_SIGN_EMAIL="5 per hour")
def test_tagged_addresses_on_any_domain_share_one_mailbox_limit(app):
    answers = [sign(client_at(app, f"192.0.2.{n}"), app, SLUG,
                    **dict(STATE_DEPT_SIGNER, email=f"boss+{n}@company.example")).status_code
               for n in range(1, 9)]
    assert answers == [302] * 5 + [429] * 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Signature)) == 5
    # another mailbox on the same domain is not affected
    other = sign(client_at(app, "192.0.2.50"), app, SLUG, **dict(STATE_DEPT_SIGNER, email="staff@company.example"))
    assert other.status_code == 302


@pytest.mark.config(RATELIMIT_LOGIN_ACCOUNT="2 per hour", RATELIMIT_LOGIN="100 per minute")
def test_console_sign_in_counts_tagged_addresses_as_one_account(app):
    def attempt(n: int) -> int:
        client = client_at(app, f"198.51.100.{n}")
        csrf = form_inputs(client.get("/console/login").get_data(as_text=True))["csrf_token"]
        return client.post("/console/login", data={"csrf_token": csrf, "email": f"boss+{n}@company.example",
                                                   "password": "wrong"}).status_code
    assert [attempt(n) for n in range(1, 4)] == [400, 400, 429]
