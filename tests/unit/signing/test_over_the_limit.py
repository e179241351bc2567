"""A form sent once too often (security.limits on the sign and help forms) comes back with what
was typed and a message saying when to send it again: still a 429 with Retry-After, still
nothing written."""
from __future__ import annotations

import pytest

from tests.support.clients import client_at, count_rows
from tests.support.helpdesk import IVAN, SLUG as HELP_SLUG, ask, counts
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, sign
from undersigned.mail.models import OutboxMessage

STATE, SENATE = "belarus_state_dept", "belarus_senate"


def assert_kept(response, *values: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == 429 and 1 <= int(response.headers["Retry-After"]) <= 3600
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Too many attempts: nothing was sent." in summary
    for value in values:
        assert value in html, value
    return summary


@pytest.mark.config(RATELIMIT_SIGN="1 per minute")
def test_the_sign_form_over_its_per_client_limit_comes_back_filled(app):
    client = client_at(app, "198.51.100.30")
    assert sign(client, app, STATE, **STATE_DEPT_SIGNER).status_code == 302
    over = sign(client, app, SENATE, **SENATE_SIGNER)
    summary = assert_kept(over, 'value="Ada"', 'value="Lovelace"', 'value="ada@example.org"',
                          'value="State Senator"', 'value="Oregon State Senate"')
    assert "please send the form again in 1 minute." in summary
    assert count_rows(app) == 1 and count_rows(app, OutboxMessage) == 1


@pytest.mark.config(RATELIMIT_SIGN_EMAIL="1 per hour")
def test_the_sign_form_over_its_per_mailbox_limit_comes_back_filled(app):
    assert sign(client_at(app, "198.51.100.31"), app, STATE, **STATE_DEPT_SIGNER).status_code == 302
    over = sign(client_at(app, "198.51.100.32"), app, SENATE, **dict(SENATE_SIGNER, email="jane.doe@example.org"))
    summary = assert_kept(over, 'value="Ada"', 'value="jane.doe@example.org"', 'value="Oregon State Senate"')
    assert "please send the form again in 60 minutes." in summary
    assert count_rows(app) == 1 and count_rows(app, OutboxMessage) == 1


@pytest.mark.config(RATELIMIT_SIGN="1 per minute")
def test_the_message_is_in_the_readers_language(app):
    client = client_at(app, "198.51.100.33")
    sign(client, app, STATE, "/ru", **STATE_DEPT_SIGNER)
    over = sign(client, app, SENATE, "/ru", **SENATE_SIGNER)
    html = over.get_data(as_text=True)
    assert over.status_code == 429 and 'lang="ru"' in html
    assert "Слишком много попыток: ничего не отправлено." in html and 'value="Ada"' in html


@pytest.mark.config(RATELIMIT_HELP="1 per minute")
def test_the_help_form_over_its_per_client_limit_comes_back_filled(app):
    client = client_at(app, "198.51.100.34")
    assert ask(client, app, **IVAN).status_code == 302
    over = ask(client, app, **dict(IVAN, email="other@example.org", message="Где форма?"))
    assert_kept(over, 'value="other@example.org"', "Где форма?", 'value="Иван Петров"')
    assert counts(app)[0] == 1


@pytest.mark.config(RATELIMIT_HELP_EMAIL="1 per hour")
def test_the_help_form_over_its_per_mailbox_limit_comes_back_filled(app):
    assert ask(client_at(app, "198.51.100.35"), app, **IVAN).status_code == 302
    over = ask(client_at(app, "198.51.100.36"), app, HELP_SLUG, **dict(IVAN, message="Ещё вопрос."))
    assert_kept(over, "Ещё вопрос.", 'value="ivan@example.org"')
    assert counts(app)[0] == 1
