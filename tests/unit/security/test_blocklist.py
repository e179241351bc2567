"""Block lists (security.blocklist): a blocked domain or IP hash gets a neutral refusal and no row;
lists are shown and undone from the CLI."""
from __future__ import annotations

import pytest

from tests.support.clients import cli, client_at, count_rows, hash_of
from tests.support.signing import STATE_DEPT_SIGNER, sign
from undersigned.mail.models import OutboxMessage


SLUG = "belarus_state_dept"


@pytest.mark.parametrize("blocked, email", [
    ("spam.example", "bot1@spam.example"),
    ("spam.example", "bot2@mail.spam.example"),     # subdomains too
    ("SPAM.example", "bot3@Spam.Example"),          # any case
    ("googlemail.com", "jane.doe@gmail.com"),       # the same provider, spelled either way
    ("gmail.com", "Jane.Doe@googlemail.com"),
    ("пример.рф", "user@xn--e1afmkfd.xn--p1ai"),    # internationalised domains
])
def test_a_blocked_domain_gets_a_neutral_refusal_and_no_row(app, blocked, email):
    result = cli(app, "signatures", "block-domain", blocked, "--note", "bot wave", "--whole-provider")
    assert result.exit_code == 0, result.output
    response = sign(app.test_client(), app, SLUG, **dict(STATE_DEPT_SIGNER, email=email))
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "We cannot accept this signature." in html
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "block" not in summary.lower() and blocked.lower() not in summary.lower()  # nothing revealed
    assert 'value="Jane"' in html  # the form is kept
    assert count_rows(app) == 0 and count_rows(app, OutboxMessage) == 0


def test_a_blocked_ip_hash_is_refused_and_others_are_not(app):
    bot = hash_of(app, "198.51.100.66")
    assert cli(app, "signatures", "block-ip-hash", bot).exit_code == 0
    assert sign(client_at(app, "198.51.100.66"), app, SLUG, **STATE_DEPT_SIGNER).status_code == 403
    assert sign(client_at(app, "198.51.100.67"), app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    assert count_rows(app) == 1


def test_block_lists_are_listed_and_unblocked(app):
    bot = hash_of(app, "198.51.100.66")
    assert cli(app, "signatures", "block-domain", "@Spam.Example").exit_code == 0
    assert "already blocked" in cli(app, "signatures", "block-domain", "spam.example").output
    assert cli(app, "signatures", "block-ip-hash", bot.upper()).exit_code == 0
    listing = cli(app, "signatures", "blocks").output
    assert "domain   spam.example" in listing and f"ip_hash  {bot}" in listing
    assert cli(app, "signatures", "block-domain", "not a domain").exit_code != 0
    assert cli(app, "signatures", "block-ip-hash", "1.2.3.4").exit_code != 0  # never a raw IP
    assert cli(app, "signatures", "unblock", "SPAM.example").exit_code == 0
    assert cli(app, "signatures", "unblock", bot).exit_code == 0
    assert cli(app, "signatures", "unblock", bot).exit_code != 0
    assert "nothing is blocked" in cli(app, "signatures", "blocks").output
    assert sign(app.test_client(), app, SLUG, **dict(STATE_DEPT_SIGNER, email="ok@spam.example")).status_code == 302
