"""Driving the sign form as a browser would: read the page, solve its captcha, post."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from undersigned.captcha.providers import current_provider


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self.values[attributes["name"]] = attributes.get("value") or ""


def form_inputs(html: str) -> dict[str, str]:
    """The name and value of every ``<input>`` in ``html``."""
    parser = _Inputs()
    parser.feed(html)
    return parser.values


def captcha_answer(app: Flask, token: str) -> str:
    with app.app_context():
        return current_provider().answer(token)


def sign(client: FlaskClient, app: Flask, slug: str, prefix: str = "", *, captcha: str | None = None,
         **fields: Any):
    """GET the campaign page, then POST ``fields`` with its CSRF token and the captcha solved."""
    return post_form(client, app, f"{prefix}/c/{slug}", captcha, fields)


def post_form(client: FlaskClient, app: Flask, path: str, captcha: str | None, fields: dict[str, Any]):
    """GET the form at ``path``, then POST ``fields`` (``None`` values left out) with its CSRF
    token and its captcha answered: ``captcha``, or the right answer."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    inputs = form_inputs(page.get_data(as_text=True))
    data = {"csrf_token": inputs["csrf_token"], "captcha_token": inputs["captcha_token"],
            "captcha_answer": captcha if captcha is not None else captcha_answer(app, inputs["captcha_token"])}
    data.update({name: value for name, value in fields.items() if value is not None})
    return client.post(path, data=data)


def link_in(text: str) -> str:
    """The first http(s) link in an e-mail body."""
    match = re.search(r"https?://\S+", text)
    assert match, text
    return match.group(0)


STATE_DEPT_SIGNER = {"first_name": "Jane", "last_name": "Doe", "letter_name": "Jane Doe",
                     "email": "Jane.Doe@Example.org", "country": "US", "us_state": "OR"}
#: A co-signer who agrees to be shown on the joint letter's public page.
SENATE_SIGNER = {"first_name": "Ada", "last_name": "Lovelace", "letter_name": "Ada Lovelace",
                 "email": "ada@example.org", "title": "State Senator", "organization": "Oregon State Senate",
                 "public_name": "y"}
