"""Addresses in other scripts (issue 8, item 6): a non-ASCII domain always works; a non-ASCII
local part is sent with SMTPUTF8 when the server offers it (``MAIL_SMTPUTF8``), and otherwise
refused at the form, in the signer's language, with what they typed kept."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import use_smtp
from tests.support.signing import page_inputs, STATE_DEPT_SIGNER, captcha_answer, form_inputs, link_in
from undersigned.extensions import db
from undersigned.mail.worker import deliver_due
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"
CYRILLIC = "иван.петров@почта.рф"


@pytest.fixture
def smtputf8_server():
    from aiosmtpd.controller import Controller

    from tests.conftest import free_port
    from tests.support.smtp import CollectingHandler

    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=True)
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def post_sign(client, app, email: str, prefix: str = ""):
    inputs = page_inputs(client, f"{prefix}/c/{SLUG}")
    data = dict(STATE_DEPT_SIGNER, email=email, csrf_token=inputs.get("csrf_token"),
                captcha_token=inputs["captcha_token"], captcha_answer=captcha_answer(app, inputs["captcha_token"]))
    return client.post(f"{prefix}/c/{SLUG}", data=data)


def signatures(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Signature))


@pytest.mark.parametrize("prefix, message", [
    ("", "We cannot send e-mail to an address with letters other than Latin before the @ yet."),
    ("/ru", "Пока мы не можем писать на адреса, в которых до @ есть буквы не латиницей."),
    ("/be", "Пакуль мы не можам пісаць на адрасы, у якіх да @ ёсць літары не лацінкай."),
])
def test_without_smtputf8_the_form_refuses_a_non_ascii_local_part_in_the_signers_language(app, client, prefix, message):
    response = post_sign(client, app, CYRILLIC, prefix)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert f'value="{CYRILLIC}"' in html and 'value="Jane"' in html
    assert signatures(app) == 0


def test_a_non_ascii_domain_alone_signs_and_is_mailed_in_idna(app, client, smtp_server):
    use_smtp(app, smtp_server)
    assert post_sign(client, app, "ivan@почта.рф").status_code == 302
    with app.app_context():
        assert deliver_due(app) == 1
    assert smtp_server.messages[0]["To"] == "ivan@xn--80a1acny.xn--p1ai"
    assert f"/c/{SLUG}/confirm/" in link_in(smtp_server.text_of())


@pytest.mark.config(MAIL_SMTPUTF8=True)
def test_with_smtputf8_a_non_ascii_local_part_signs_and_gets_its_confirmation(app, client, smtputf8_server):
    use_smtp(app, smtputf8_server)
    assert post_sign(client, app, CYRILLIC, "/ru").status_code == 302
    with app.app_context():
        assert deliver_due(app) == 1
    [message] = smtputf8_server.messages
    assert message["To"] == "иван.петров@xn--80a1acny.xn--p1ai"
    assert f"/c/{SLUG}/confirm/" in link_in(smtputf8_server.text_of())
