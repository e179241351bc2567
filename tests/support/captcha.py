"""The sign form as the captcha tests drive it: read the page, post it with a captcha's fields,
count what was written."""
from __future__ import annotations

from sqlalchemy import func, select

from tests.support.signing import STATE_DEPT_SIGNER, captcha_challenge, form_inputs
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import Signature


SLUG = "belarus_state_dept"


def rows(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Signature)),
                db.session.scalar(select(func.count()).select_from(OutboxMessage)))


def page(client, prefix: str = "") -> tuple[str, dict[str, str]]:
    """The campaign page and its inputs, with the captcha's challenge token as its picture (if
    it has one) handed it over."""
    html = client.get(f"{prefix}/c/{SLUG}").get_data(as_text=True)
    inputs = form_inputs(html)
    if "captcha_token" not in inputs and "/captcha/challenge.png" in html:
        inputs["captcha_token"] = captcha_challenge(client, html)
    return html, inputs


def post(client, inputs: dict[str, str], **extra):
    data = dict(STATE_DEPT_SIGNER)
    if "csrf_token" in inputs:
        data["csrf_token"] = inputs["csrf_token"]
    data.update(extra)
    return client.post(f"/c/{SLUG}", data=data)


def assert_refused_and_kept(app, response, message: str) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 400, response.status_code
    assert message in html
    assert 'value="Jane"' in html and 'value="Doe"' in html and 'value="Jane.Doe@example.org"' in html
    assert rows(app) == (0, 0)


def respellings(token: str) -> list[str]:
    """Ways to write a signed ``token`` that base64 decoding (which skips characters outside its
    alphabet) reads as the same token."""
    value, signature = token.rsplit(".", 1)
    return [token + "~~", token + "!!", token + "==", token + "\n", f"{value}.{signature[:5]}*{signature[5:]}",
            f"{value}.!{signature}"]
