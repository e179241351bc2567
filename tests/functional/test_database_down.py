"""With the database gone, a signature fails with the plain truth: it was not recorded, sign
again; never a claim that it was kept."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from tests.support.console import login
from tests.support.signing import STATE_DEPT_SIGNER, captcha_answer, page_inputs
from undersigned.extensions import db

SLUG = "belarus_state_dept"


def take_the_database_away(app, tmp_path) -> None:
    """Point the app at a database that cannot be opened, as when the server is down."""
    with app.app_context():
        db.engines[None] = create_engine(f"sqlite:///{tmp_path / 'gone' / 'nowhere.sqlite3'}")


@pytest.mark.parametrize("language, says", [
    ("", "Your signature was not recorded. Please go back and sign again"),
    ("/ru", "Ваша подпись не сохранилась."),
    ("/be", "Ваш подпіс не захаваўся."),
])
def test_a_signature_that_could_not_be_saved_says_so_and_asks_to_sign_again(app, tmp_path, language, says):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error page, not the traceback
    client = app.test_client()
    inputs = page_inputs(client, f"{language}/c/{SLUG}")
    take_the_database_away(app, tmp_path)
    response = client.post(f"{language}/c/{SLUG}", data=dict(
        STATE_DEPT_SIGNER, captcha_token=inputs["captcha_token"],
        captcha_answer=captcha_answer(app, inputs["captcha_token"])))
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert says in html
    assert "has been lost" not in html and "сохранилось." not in html and "захавалася." not in html


def test_other_failures_say_what_was_lost_and_what_was_not(app, tmp_path):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    client.get("/console/login")
    take_the_database_away(app, tmp_path)
    page = client.get("/")  # reading only: nothing was sent
    assert page.status_code == 500
    assert "Please try again in a few minutes." in page.get_data(as_text=True)
    assert "not saved" not in page.get_data(as_text=True)
    sent = login(client, "org@example.org")
    assert sent.status_code == 500
    assert "What you sent was not saved." in sent.get_data(as_text=True)
