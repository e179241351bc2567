"""Referral attribution (``sharing/referrals.py``): which codes brought how many confirmed
signatures, in the console and with ``flask campaigns referrals``."""
from __future__ import annotations

import re

from tests.support.console import create_user, login
from tests.support.signing import captcha_challenge, STATE_DEPT_SIGNER, captcha_answer, form_inputs
from tests.support.pager import next_page, pager_links
from tests.unit.console.campaigns.conftest import insert_signatures
from tests.unit.sharing.conftest import seed
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.security.tokens import SIGNER, make_token
from undersigned.sharing.referrals import valid_code
from undersigned.signing import service
from undersigned.signing.models import Signature
from undersigned.signing.referrals import Referral, referrals_of

SLUG = "belarus_state_dept"


def test_only_confirmed_signatures_count_per_code_most_first(app):
    with app.test_request_context():
        sharer = seed("sharer@example.org")
        for n in range(3):
            seed(f"friend{n}@example.org", referral=sharer.share_code)
        seed("pending@example.org", referral=sharer.share_code, confirm=False)
        seed("reader@example.org", referral="newsletter")
        withdrawn = seed("gone@example.org", referral="newsletter")
        service.remove(withdrawn, registry_of().get(SLUG), "withdrawn")
        seed("other@example.org", referral="newsletter", slug="belarus_senate")

        assert referrals_of(SLUG) == [Referral(sharer.share_code, 3, True), Referral("newsletter", 1, False)]
        assert referrals_of("belarus_senate") == [Referral("newsletter", 1, False)]


def test_a_visitor_who_signs_through_a_shared_link_is_attributed_to_the_sharer(app, client):
    with app.test_request_context():
        sharer = seed("sharer@example.org")
        token = make_token(SIGNER, sharer.public_id)
    thanks = client.get(f"/c/{SLUG}/thanks/{token}").get_data(as_text=True)
    shared = re.search(r'<input id="share-url" readonly value="([^"]+)">', thanks).group(1)
    path = shared.removeprefix("http://undersigned.test")

    page = client.get(path).get_data(as_text=True)
    inputs = dict(form_inputs(page), captcha_token=captcha_challenge(client, page))
    action = re.search(r'<form method="post" action="([^"]+)"', page).group(1).replace("&amp;", "&")
    response = client.post(action, data=dict(
        {name: value for name, value in STATE_DEPT_SIGNER.items()}, email="friend@example.org",
        captcha_token=inputs["captcha_token"],
        captcha_answer=captcha_answer(app, inputs["captcha_token"])))
    assert response.status_code == 302
    with app.test_request_context():
        friend = db.session.query(Signature).filter_by(email="friend@example.org").one()
        assert friend.referral == sharer.share_code
        assert referrals_of(SLUG) == []  # not yet confirmed
        service.confirm(friend, registry_of().get(SLUG))
        assert referrals_of(SLUG) == [Referral(sharer.share_code, 1, True)]


def test_organizers_see_the_codes_in_the_console_and_others_may_not(app, client):
    with app.test_request_context():
        seed("a@example.org", referral="partner-tv")
        seed("b@example.org", referral="partner-tv")
    create_user(app, "translator@example.org", role="translator")
    login(client, "translator@example.org")
    assert client.get(f"/console/campaigns/{SLUG}/sharing").status_code == 403

    other = app.test_client()
    create_user(app, "organizer@example.org", campaigns=(SLUG,))
    login(other, "organizer@example.org")
    assert f'href="/console/campaigns/{SLUG}/sharing"' in other.get("/console/").get_data(as_text=True)
    html = other.get(f"/console/campaigns/{SLUG}/sharing").get_data(as_text=True)
    row = re.search(r"<tr><td><code>partner-tv</code></td>\s*<td>([^<]+)</td>\s*<td[^>]*>([^<]+)</td></tr>", html)
    assert row and row.groups() == ("another link", "2")
    assert app.test_client().get(f"/console/campaigns/{SLUG}/sharing").status_code == 302  # sign in first


def test_the_console_lists_the_codes_fifty_a_page_most_first(app):
    with app.app_context():
        insert_signatures(SLUG, [{"share_code": "sharer-own", "referral": None}]
                          + [{"referral": f"code{n:02d}"} for n in range(51) for _ in range(1 + (n == 7))]
                          + [{"referral": "sharer-own"}] * 3)
    create_user(app, "organizer@example.org", campaigns=(SLUG,))
    client = app.test_client()
    login(client, "organizer@example.org")
    first = client.get(f"/console/campaigns/{SLUG}/sharing").get_data(as_text=True)
    codes = re.findall(r"<tr><td><code>([^<]+)</code></td>\s*<td>([^<]+)</td>", first)
    assert "52 referral codes brought confirmed signatures; the most first." in first and len(codes) == 50
    assert codes[:2] == [("sharer-own", "a signer&#39;s link"), ("code07", "another link")]
    second = client.get(next_page(first, "Referral codes")).get_data(as_text=True)
    assert re.findall(r"<tr><td><code>([^<]+)</code>", second) == ["code49", "code50"]
    assert "next" not in pager_links(second, "Referral codes")


def test_the_cli_lists_the_same_counts(app, runner):
    with app.test_request_context():
        code = seed("sharer@example.org").share_code
        seed("friend@example.org", referral=code)
        seed("reader@example.org", referral="newsletter")
        seed("reader2@example.org", referral="newsletter")
    result = runner.invoke(args=["campaigns", "referrals", SLUG])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["newsletter\t2\tother", f"{code}\t1\tsigner"]
    assert runner.invoke(args=["campaigns", "referrals", "nope"]).exit_code != 0
    assert "no confirmed signature" in runner.invoke(args=["campaigns", "referrals", "belarus_senate"]).output


def test_only_plain_short_codes_are_kept():
    assert valid_code("AbC-12_x") == "AbC-12_x"
    for bad in ("", None, "a" * 17, "<script>", "код", "a b", "=cmd"):
        assert valid_code(bad) is None
