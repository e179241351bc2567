"""Signing (signing.service): concurrent duplicate signatures land once, on every database backend."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from tests.support.clients import count_rows
from tests.support.signing import page_inputs, STATE_DEPT_SIGNER, captcha_answer, form_inputs
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing import service

SLUG = "belarus_state_dept"


@pytest.mark.config(RATELIMIT_ENABLED=False)
def test_concurrent_duplicate_signatures_produce_one_row(backend_app):
    """Eight browsers send the same mailbox at the same moment: one signature, one confirmation
    e-mail, and every other request is answered in the mailbox, never with an error."""
    app = backend_app
    spellings = ["jane.doe@gmail.com", "Jane.Doe@gmail.com", "janedoe@gmail.com", "j.a.n.e.doe@gmail.com",
                 "jane.doe+1@gmail.com", "JANE.DOE@googlemail.com", "jane.doe+x@googlemail.com", "janedoe+@gmail.com"]
    prepared = []
    for email in spellings:
        client = app.test_client()
        page = page_inputs(client, f"/c/{SLUG}")
        data = dict(STATE_DEPT_SIGNER, email=email, csrf_token=page.get("csrf_token"),
                    captcha_token=page["captcha_token"], captcha_answer=captcha_answer(app, page["captcha_token"]))
        prepared.append((client, data))
    barrier = threading.Barrier(len(prepared), timeout=30)  # a thread that failed early breaks it
    results: list[int] = []

    def post(client, data):
        barrier.wait()
        results.append(client.post(f"/c/{SLUG}", data=data).status_code)

    threads = [threading.Thread(target=post, args=item) for item in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == [302] * 8, results
    assert count_rows(app) == 1
    with app.app_context():
        kinds = sorted(db.session.scalars(select(OutboxMessage.kind)))
    assert kinds == ["confirm"] + ["reminder"] * 7


def test_concurrent_duplicates_through_the_service_land_once(backend_app):
    app = backend_app
    outcomes: list[str] = []
    barrier = threading.Barrier(6, timeout=30)

    def attempt(n: int) -> None:
        with app.test_request_context():
            campaign = registry_of().get(SLUG)
            barrier.wait()
            try:
                service.sign(campaign, dict(STATE_DEPT_SIGNER), email=f"Same+{n}@Gmail.com",
                             email_canonical="same@gmail.com", locale="en", ip_hash="1" * 32,
                             public_name=False, referral=None)
                outcomes.append("signed")
            except service.AlreadySigned:
                outcomes.append("already")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["already"] * 5 + ["signed"]
    assert count_rows(app) == 1
