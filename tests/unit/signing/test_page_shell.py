"""The campaign page a first-time reader gets is rendered once per campaign and language and
filled per request (issue 12): it must be the very page a full render gives, with this request's
own nonce, CSRF token, captcha and count."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, sign
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.signing import service
from undersigned.signing.models import Signature
from undersigned.signing.page_shell import Shell, mark

SLUGS = ("belarus_state_dept", "belarus_senate")
NOTICE = re.compile(r'<p class="notice notice-success" role="status">A notice</p>')
NONCE = re.compile(r'nonce="[^"]+"')


def normalised(html: str) -> str:
    """``html`` with this request's own values (nonce, CSRF token, captcha challenge) blanked."""
    inputs = form_inputs(html)
    for value in (inputs["csrf_token"], inputs["captcha_token"]):
        html = html.replace(value, "…")
    return " ".join(NONCE.sub('nonce="…"', html).split())


def with_notice(client, path: str) -> str:
    """The page rendered in full: a notice waiting in the session keeps it off the shared shell."""
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "A notice")]
    return NOTICE.sub("", client.get(path).get_data(as_text=True), count=1)


@pytest.mark.parametrize("prefix", ["", "/ru", "/be"])
@pytest.mark.parametrize("slug", SLUGS)
def test_the_shared_page_is_the_page_rendered_in_full(client, slug, prefix):
    path = f"{prefix}/c/{slug}"
    shared = [client.get(path).get_data(as_text=True) for _ in range(2)]  # rendered, then from the shell
    full = with_notice(client, path)
    assert "A notice" not in full and "undersigned-hole" not in shared[1]
    assert normalised(shared[0]) == normalised(shared[1]) == normalised(full)


def test_each_reader_gets_their_own_nonce_token_and_challenge(app):
    pages = [app.test_client().get("/c/belarus_state_dept") for _ in range(2)]
    inputs = [form_inputs(page.get_data(as_text=True)) for page in pages]
    assert inputs[0]["csrf_token"] != inputs[1]["csrf_token"]
    assert inputs[0]["captcha_token"] != inputs[1]["captcha_token"]
    for page in pages:
        nonce = re.search(r"'nonce-([^']+)'", page.headers["Content-Security-Policy"]).group(1)
        assert set(re.findall(r'nonce="([^"]+)"', page.get_data(as_text=True))) == {nonce}


def test_the_count_on_the_shared_page_is_current(app, client):
    before = client.get("/c/belarus_state_dept").get_data(as_text=True)
    assert "0 signatures" in before or "0 of" in before
    sign(app.test_client(), app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    with app.app_context():
        service.confirm(db.session.scalars(select(Signature)).one(), registry_of().get("belarus_state_dept"))
    after = client.get("/c/belarus_state_dept").get_data(as_text=True)
    assert "1 signature" in after or "1 of" in after


def test_a_hole_marker_is_filled_wherever_it_stands():
    shell = Shell.of(f"<p>{mark('csrf')}</p><i>{mark('nonce')}{mark('csrf')}</i>")
    assert shell.fill(csrf="T", nonce="N", captcha="", progress="") == "<p>T</p><i>NT</i>"
