"""Driving the sign form as a browser would: read the page, solve its captcha, post."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from undersigned.captcha.base import COOKIE
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


def page_inputs(client: FlaskClient, path: str, **request: Any) -> dict[str, str]:
    """The inputs of the form on the page at ``path`` (asked for with ``request``'s arguments),
    with the captcha's challenge token, which the image captcha hands over with its picture."""
    html = client.get(path, **request).get_data(as_text=True)
    inputs = form_inputs(html)
    if "captcha_token" not in inputs and "/captcha/challenge.png" in html:
        inputs["captcha_token"] = captcha_challenge(client, html, **request)
    return inputs


def captcha_answer(app: Flask, token: str) -> str:
    with app.app_context():
        return current_provider().answer(token)


def captcha_challenge(client: FlaskClient, html: str, **request: Any) -> str:
    """The challenge token for the captcha on the page ``html``: the test provider writes it in
    the form; the image provider hands it over with its picture, as a browser loads it."""
    inputs = form_inputs(html)
    if "captcha_token" in inputs:
        return inputs["captcha_token"]
    picture = re.search(r'<img src="([^"]*/captcha/challenge\.png)"', html)
    assert picture, "no captcha on the page"
    assert client.get(picture.group(1), **request).status_code == 200
    cookie = client.get_cookie(COOKIE, domain=client.application.config["SERVER_NAME"] or "localhost")
    assert cookie is not None, "the picture handed over no challenge"
    return cookie.value


def sign(client: FlaskClient, app: Flask, slug: str, prefix: str = "", *, captcha: str | None = None,
         **fields: Any):
    """GET the campaign page, then POST ``fields`` with the captcha solved."""
    return post_form(client, app, f"{prefix}/c/{slug}", captcha, fields)


def post_form(client: FlaskClient, app: Flask, path: str, captcha: str | None, fields: dict[str, Any]):
    """GET the form at ``path``, then POST ``fields`` (``None`` values left out) with its CSRF
    token if it has one (the sign form has none) and its captcha answered: ``captcha``, or the
    right answer."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    html = page.get_data(as_text=True)
    inputs = form_inputs(html)
    token = captcha_challenge(client, html)
    data = {"captcha_answer": captcha if captcha is not None else captcha_answer(app, token)}
    for name in ("csrf_token", "captcha_token"):
        if name in inputs:
            data[name] = inputs[name]
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
