"""A signed-in organizer granted the seed campaigns, and signatures written fast for the
console's campaign pages."""
from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, Iterable

import pytest
from sqlalchemy import insert

from tests.support.console import create_user, login
from tests.support.signing import form_inputs
from undersigned.contract import utcnow
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.signing import tallies
from undersigned.signing.models import CONFIRMED, Signature

STATE = "belarus_state_dept"
SENATE = "belarus_senate"


@pytest.fixture
def organizer(app):
    """A test client signed in as an organizer granted both seed campaigns."""
    create_user(app, "org@example.org")
    granted = app.test_cli_runner().invoke(args=["users", "grant", "org@example.org", STATE, SENATE])
    assert granted.exit_code == 0, granted.output
    client = app.test_client()
    login(client, "org@example.org")
    return client


def insert_signatures(slug: str, rows: Iterable[dict[str, Any]]) -> None:
    """Insert signatures of ``slug`` in one executemany (inside an app context): each row's keys
    override a confirmed signature made now. Its counts and charts are recounted, as
    ``flask signatures recount`` does after an import."""
    now = utcnow()
    values = []
    for n, row in enumerate(rows):
        email = row.pop("email", None) or f"signer{n}-{secrets.token_hex(4)}@example.org"
        values.append({"public_id": secrets.token_urlsafe(16), "share_code": secrets.token_urlsafe(8),
                       "campaign": slug, "email": email, "email_canonical": email.lower(),
                       "fields": {"first_name": "Ann", "last_name": f"Signer{n}"}, "locale": "en",
                       "status": CONFIRMED, "public_name": False, "letter_edited": False,
                       "created_at": now, "confirmed_at": now, **row})
    db.session.execute(insert(Signature), values)
    tallies.recount(registry_of().get(slug))
    db.session.commit()


def post(client, path: str, page: str, data: dict[str, Any]):
    """POST ``data`` to ``path`` with the CSRF token from the console page ``page``."""
    token = form_inputs(client.get(page).get_data(as_text=True))["csrf_token"]
    return client.post(path, data={"csrf_token": token, **data})


def days_ago(days: int, hours: int = 0) -> dt.datetime:
    return utcnow() - dt.timedelta(days=days, hours=hours)
