"""Deployments behind a proxy (security.proxy): forwarded headers count only when a proxy is
configured, then each forwarded client has its own limit and hash, and the proxy's prefix comes first."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.clients import client_at, empty_post
from tests.support.signing import page_inputs, STATE_DEPT_SIGNER, captcha_answer, form_inputs
from undersigned.extensions import db
from undersigned.security.identity import ip_hash
from undersigned.signing.models import Signature


SLUG = "belarus_state_dept"


@pytest.mark.config(RATELIMIT_SIGN="1 per minute")
def test_forwarded_headers_are_ignored_unless_a_proxy_is_configured(app):
    client = client_at(app, "10.0.0.1")
    empty_post(client, SLUG)
    response = client.post(f"/c/{SLUG}", data={}, headers={"X-Forwarded-For": "198.51.100.1"})
    assert response.status_code == 429  # a forged header does not make a new client


@pytest.mark.config(RATELIMIT_SIGN="1 per minute", PROXY_FIX_X_FOR=1)
def test_behind_a_proxy_each_forwarded_client_has_its_own_limit_and_hash(app):
    proxy = client_at(app, "10.0.0.1")
    for address in ("198.51.100.1", "198.51.100.2"):
        assert proxy.post(f"/c/{SLUG}", data={}, headers={"X-Forwarded-For": address}).status_code == 400
    assert proxy.post(f"/c/{SLUG}", data={}, headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 429
    # the signature keeps the hash of the forwarded client, never the proxy's
    headers = {"X-Forwarded-For": "198.51.100.3"}
    page = page_inputs(proxy, f"/c/{SLUG}", headers=headers)
    data = dict(STATE_DEPT_SIGNER, csrf_token=page.get("csrf_token"), captcha_token=page["captcha_token"],
                captcha_answer=captcha_answer(app, page["captcha_token"]))
    assert proxy.post(f"/c/{SLUG}", data=data, headers=headers).status_code == 302
    with app.test_request_context():
        expected = ip_hash("198.51.100.3")
    with app.app_context():
        assert db.session.scalar(select(Signature.ip_hash)) == expected


@pytest.mark.config(PROXY_FIX_X_PREFIX=1, PROXY_FIX_X_PROTO=1, PROXY_FIX_X_HOST=1)
def test_the_proxy_prefix_comes_before_the_language_prefix(app):
    headers = {"X-Forwarded-Prefix": "/sign", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "petition.example"}
    response = app.test_client().get(f"/ru/c/{SLUG}", headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'lang="ru"' in html
    assert f'action="/sign/ru/c/{SLUG}' in html
    assert f'hreflang="be" href="/sign/be/c/{SLUG}"' in html and f'hreflang="en" href="/sign/c/{SLUG}"' in html
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
