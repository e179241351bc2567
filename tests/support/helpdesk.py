"""Driving the help form as a browser would, and reading what it stored."""
from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.support.signing import captcha_answer, form_inputs
from undersigned.extensions import db
from undersigned.helpdesk.models import HelpMessage, HelpRequest
from undersigned.mail.models import OutboxMessage

SLUG = "belarus_state_dept"
#: A supporter in Oregon asking for an answer in Russian.
IVAN = {"name": "Иван Петров", "email": "ivan@example.org", "country": "US", "state": "OR",
        "language": "ru", "message": "Не могу найти форму Госдепартамента. Помогите, пожалуйста."}


def ask(client: FlaskClient, app: Flask, slug: str = SLUG, prefix: str = "", *, captcha: str | None = None,
        **fields: Any):
    """GET the help form, then POST ``fields`` with its CSRF token and the captcha solved."""
    page = client.get(f"{prefix}/c/{slug}/help")
    assert page.status_code == 200, page.status_code
    inputs = form_inputs(page.get_data(as_text=True))
    data = {"csrf_token": inputs["csrf_token"], "captcha_token": inputs["captcha_token"],
            "captcha_answer": captcha if captcha is not None else captcha_answer(app, inputs["captcha_token"])}
    data.update({name: value for name, value in fields.items() if value is not None})
    return client.post(f"{prefix}/c/{slug}/help", data=data)


def counts(app: Flask) -> tuple[int, int, int]:
    """How many help requests, thread messages and outbox messages are stored."""
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (HelpRequest, HelpMessage, OutboxMessage))
