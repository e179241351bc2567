"""Driving the help form as a browser would, and reading what it stored."""
from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.support.signing import post_form
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
    return post_form(client, app, f"{prefix}/c/{slug}/help", captcha, fields)


def counts(app: Flask) -> tuple[int, int, int]:
    """How many help requests, thread messages and outbox messages are stored."""
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (HelpRequest, HelpMessage, OutboxMessage))
