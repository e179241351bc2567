"""Small helpers many tests share: a client at a given address, the CLI, row counts."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from undersigned.extensions import db
from undersigned.security.identity import ip_hash
from undersigned.signing.models import Signature


def client_at(app: Flask, address: str) -> FlaskClient:
    """A test client whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def cli(app: Flask, *args: str, input: str | None = None):
    """Run ``flask ARGS...`` against ``app``; the click result."""
    return app.test_cli_runner().invoke(args=list(args), input=input)


def hash_of(app: Flask, address: str) -> str:
    """The keyed hash the platform keeps for the IP ``address``."""
    with app.test_request_context():
        return ip_hash(address)


def count_rows(app: Flask, model=Signature) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def empty_post(client: FlaskClient, slug: str, prefix: str = ""):
    """A sign POST with nothing in it: refused (400), but it counts against the limit."""
    return client.post(f"{prefix}/c/{slug}", data={})
