"""A supporter who signed and confirmed finds the help form from the thank-you page."""
from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from tests.support.helpdesk import SLUG
from tests.support.outbox import deliver
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, link_in, sign
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage


def test_the_thank_you_page_links_to_the_help_form(app, client):
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    deliver(app)
    with app.app_context():
        link = urlsplit(link_in(db.session.scalars(select(OutboxMessage)).one().body_text)).path
    csrf = form_inputs(client.get(link).get_data(as_text=True))["csrf_token"]
    thanks = client.post(link, data={"csrf_token": csrf}).location
    assert f'href="/c/{SLUG}/help"' in client.get(thanks).get_data(as_text=True)
