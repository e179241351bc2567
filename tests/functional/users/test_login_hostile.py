"""Hostile sign-in input (issue 19, #7): a NUL byte or a control character in the e-mail address is
a form error, never a 500, on every backend."""
from __future__ import annotations

import pytest

from tests.support.signing import form_inputs


@pytest.mark.config(PROPAGATE_EXCEPTIONS=False)
@pytest.mark.parametrize("backend_app", ["postgresql", "sqlite"], indirect=True)
@pytest.mark.parametrize("email", ["admin\x00@example.org", "a\x01b@example.org", "x" * 10_000 + "@example.org"])
def test_a_nul_byte_in_the_sign_in_email_is_a_form_error(backend_app, email):
    client = backend_app.test_client()
    token = form_inputs(client.get("/console/login").get_data(as_text=True))["csrf_token"]
    response = client.post("/console/login", data={"csrf_token": token, "email": email, "password": "whatever-1"})
    assert response.status_code == 400
    assert "Please give an e-mail address." in response.get_data(as_text=True)
