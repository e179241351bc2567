"""Links in e-mails are built on ``PUBLIC_URL``, never on the Host a request names; other hosts
are refused."""
from __future__ import annotations

import pytest

from tests.support.outbox import deliver
from tests.conftest import use_smtp
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, link_in, sign

SLUG = "belarus_state_dept"
PUBLIC = "https://sign.example.org/letters"


def forge_host(app, host: str) -> None:
    """Every request arrives with ``Host: host``, as an attacker's would."""
    inner = app.wsgi_app

    def wsgi(environ, start_response):
        environ["HTTP_HOST"] = host
        return inner(environ, start_response)

    app.wsgi_app = wsgi


@pytest.mark.config(SERVER_NAME=None, PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=["localhost", "evil.example"])
def test_confirmation_and_already_signed_links_use_the_public_address_not_the_request_host(app, smtp_server):
    use_smtp(app, smtp_server)
    forge_host(app, "evil.example")
    client = app.test_client()
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    deliver(app)
    confirm_link = link_in(smtp_server.text_of())
    assert confirm_link.startswith(f"{PUBLIC}/c/{SLUG}/confirm/")
    assert "evil.example" not in smtp_server.text_of()

    # the repeat's "already signed" mail, before and after confirming
    sign(client, app, SLUG, **STATE_DEPT_SIGNER)
    deliver(app)
    assert link_in(smtp_server.text_of()).startswith(f"{PUBLIC}/c/{SLUG}/confirm/")
    path = confirm_link.removeprefix(PUBLIC)
    csrf = form_inputs(client.get(path).get_data(as_text=True))["csrf_token"]
    thanks = client.post(path, data={"csrf_token": csrf})
    assert thanks.status_code == 302
    sign(client, app, SLUG, **STATE_DEPT_SIGNER)
    deliver(app)
    thanks_link = link_in(smtp_server.text_of())
    assert thanks_link.startswith(f"{PUBLIC}/c/{SLUG}/thanks/")

    # the share link on the thank-you page too
    page = client.get(thanks.location).get_data(as_text=True)
    assert f"{PUBLIC}/c/{SLUG}?ref=" in page and "evil.example" not in page


@pytest.mark.config(SERVER_NAME=None, PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=["evil.example"])
def test_a_link_keeps_the_language_the_supporter_signed_in(app, smtp_server):
    use_smtp(app, smtp_server)
    forge_host(app, "evil.example")
    assert sign(app.test_client(), app, SLUG, "/ru", **STATE_DEPT_SIGNER).status_code == 302
    deliver(app)
    assert link_in(smtp_server.text_of()).startswith(f"{PUBLIC}/ru/c/{SLUG}/confirm/")


@pytest.mark.config(SERVER_NAME=None, PUBLIC_URL=PUBLIC)
def test_a_request_for_another_host_is_refused_with_the_friendly_page(app):
    client = app.test_client()
    refused = client.get(f"/c/{SLUG}", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert "We could not handle that request" in refused.get_data(as_text=True)
    assert client.get(f"/c/{SLUG}", headers={"Host": "sign.example.org"}).status_code == 200
