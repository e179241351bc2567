"""The sign form is on a page every reader shares, so it carries no CSRF token: a request from
another site is refused by its ``Sec-Fetch-Site`` and ``Origin`` headers, by the rules of Go's
``CrossOriginProtection`` (security.origin), with the form kept as typed."""
from __future__ import annotations

import pytest

from tests.support.captcha import SLUG, page, rows
from tests.support.signing import STATE_DEPT_SIGNER, captcha_answer

REFUSED = "This form was sent from another site"


def post_signed(app, client, headers: dict[str, str]):
    """The sign form, filled in and its captcha solved, sent with ``headers``."""
    _, inputs = page(client)
    data = dict(STATE_DEPT_SIGNER, captcha_answer=captcha_answer(app, inputs["captcha_token"]))
    return client.post(f"/c/{SLUG}", data=data, headers=headers)


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain is another origin
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://undersigned.test"},  # the browser's word wins
    {"Origin": "https://attacker.example"},
    {"Origin": "http://undersigned.test.attacker.example"},
    {"Origin": "null"},  # a sandboxed frame or a data: page
])
def test_a_form_sent_from_another_site_is_refused_keeping_what_was_typed(app, client, headers):
    response = post_signed(app, client, headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 403 and REFUSED in html
    assert 'value="Jane"' in html and 'value="Jane.Doe@Example.org"' in html
    assert response.headers["Cache-Control"] == "private, no-store"
    assert rows(app) == (0, 0)


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "same-origin", "Origin": "http://undersigned.test"},
    {"Sec-Fetch-Site": "none"},  # typed or bookmarked by the person
    {"Origin": "http://undersigned.test"},  # a browser from before Sec-Fetch-Site
    {},  # neither: not a browser (nothing of a victim's to forge), or a very old one
])
def test_a_form_sent_from_this_site_signs(app, client, headers):
    response = post_signed(app, client, headers)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert rows(app) == (1, 1)


@pytest.mark.config(PUBLIC_URL="https://sign.example.org", TRUSTED_HOSTS=["undersigned.test"])
def test_the_public_address_is_this_site_behind_a_proxy(app, client):
    response = post_signed(app, client, {"Origin": "https://sign.example.org"})
    assert response.status_code == 302 and rows(app) == (1, 1)
