"""Fraud blocks belong to a campaign (issue 19, #3): an organizer's block refuses signers of their
campaign only, and they see and remove only their campaigns' blocks and notes; blocks for every
campaign are kept by admins; a bare top-level domain is never blocked, and a large e-mail provider
only with an explicit "yes, block all of it"."""
from __future__ import annotations

import pytest
from sqlalchemy import insert

from tests.support.clients import cli, client_at
from tests.support.console import create_user, login
from tests.support.pager import next_page, pager_links
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, sign
from tests.unit.console.campaigns.conftest import SENATE, STATE, post
from undersigned.extensions import db
from undersigned.security.models import Block

STATE_PAGE = f"/console/campaigns/{STATE}/signatures"
SENATE_PAGE = f"/console/campaigns/{SENATE}/signatures"
#: A page holding a console form's CSRF token (blocking asks first, on a page with the POST form).
STATE_FORM = f"{STATE_PAGE}/blocks/confirm?kind=domain&value=token.example"
SENATE_FORM = f"{SENATE_PAGE}/blocks/confirm?kind=domain&value=token.example"


def signed_in(app, email: str, *campaigns: str, role: str = "organizer"):
    create_user(app, email, role=role, campaigns=campaigns)
    client = app.test_client()
    login(client, email)
    return client


def blocks(app) -> list[tuple[str | None, str, str | None]]:
    with app.app_context():
        return [(b.campaign, b.value, b.note) for b in db.session.scalars(db.select(Block).order_by(Block.id))]


def test_an_organizers_block_refuses_signers_of_their_campaign_only(app):
    state = signed_in(app, "state@example.org", STATE)
    post(state, f"{STATE_PAGE}/blocks", STATE_FORM, {"kind": "domain", "value": "spam.example"})
    assert blocks(app) == [(STATE, "spam.example", None)]
    assert sign(client_at(app, "192.0.2.11"), app, STATE,
                **dict(STATE_DEPT_SIGNER, email="a@spam.example")).status_code == 403
    assert sign(client_at(app, "192.0.2.12"), app, SENATE,
                **dict(SENATE_SIGNER, email="b@spam.example")).status_code == 302


@pytest.mark.parametrize("value", ["org", ".ORG", "рф", "xn--p1ai"])
def test_a_bare_top_level_domain_is_never_blocked(app, organizer, value):
    response = post(organizer, f"{STATE_PAGE}/blocks", STATE_FORM,
                    {"kind": "domain", "value": value, "whole_provider": "yes", "note": "all of them"})
    page = organizer.get(response.location).get_data(as_text=True)
    assert "is a top-level domain" in page
    assert 'value="all of them"' in page  # what was typed comes back
    assert blocks(app) == []
    assert cli(app, "signatures", "block-domain", value, "--whole-provider").exit_code != 0
    assert blocks(app) == []


@pytest.mark.parametrize("value", ["gmail.com", "Yandex.ru", "mail.ru", "outlook.com"])
def test_a_large_provider_is_blocked_only_when_the_organizer_says_so(app, organizer, value):
    refused = post(organizer, f"{STATE_PAGE}/blocks", STATE_FORM, {"kind": "domain", "value": value})
    assert "is a large e-mail provider" in organizer.get(refused.location).get_data(as_text=True)
    assert blocks(app) == []
    post(organizer, f"{STATE_PAGE}/blocks", STATE_FORM, {"kind": "domain", "value": value, "whole_provider": "yes"})
    assert blocks(app) == [(STATE, value.lower(), None)]
    assert "--whole-provider" in cli(app, "signatures", "block-domain", value).output
    assert cli(app, "signatures", "block-domain", value, "--whole-provider").exit_code == 0


def test_an_organizer_sees_and_removes_only_their_campaigns_blocks(app):
    senate = signed_in(app, "senate@example.org", SENATE)
    post(senate, f"{SENATE_PAGE}/blocks", SENATE_FORM, {"kind": "domain", "value": "rival.example",
                                                        "note": "private-senate-note"})
    assert cli(app, "signatures", "block-domain", "global.example", "--note", "admins-note").exit_code == 0
    state = signed_in(app, "state@example.org", STATE)
    page = state.get(STATE_PAGE).get_data(as_text=True)
    for hidden in ("rival.example", "private-senate-note", "global.example", "admins-note"):
        assert hidden not in page
    post(state, f"{STATE_PAGE}/blocks/remove", STATE_FORM, {"value": "rival.example"})
    assert post(state, f"{STATE_PAGE}/blocks/remove", STATE_FORM,
                {"value": "global.example", "every_campaign": "yes"}).status_code == 403
    assert post(state, f"{STATE_PAGE}/blocks", STATE_FORM,
                {"kind": "domain", "value": "everyone.example", "every_campaign": "yes"}).status_code == 403
    assert post(state, f"{SENATE_PAGE}/blocks/remove", STATE_FORM, {"value": "rival.example"}).status_code == 403
    assert blocks(app) == [(SENATE, "rival.example", "private-senate-note"), (None, "global.example", "admins-note")]
    post(senate, f"{SENATE_PAGE}/blocks/remove", SENATE_FORM, {"value": "rival.example"})
    assert blocks(app) == [(None, "global.example", "admins-note")]


def test_an_admin_keeps_the_blocks_for_every_campaign(app):
    admin = signed_in(app, "admin@example.org", role="admin")
    post(admin, f"{STATE_PAGE}/blocks", STATE_FORM, {"kind": "domain", "value": "bots.example", "every_campaign": "yes"})
    assert blocks(app) == [(None, "bots.example", None)]
    assert "every campaign" in admin.get(STATE_PAGE).get_data(as_text=True)
    for slug, signer in ((STATE, STATE_DEPT_SIGNER), (SENATE, SENATE_SIGNER)):
        assert sign(client_at(app, "192.0.2.13"), app, slug, **dict(signer, email="x@bots.example")).status_code == 403
    post(admin, f"{STATE_PAGE}/blocks/remove", STATE_FORM, {"value": "bots.example", "every_campaign": "yes"})
    assert blocks(app) == []


def test_the_block_list_comes_fifty_a_page_beside_the_signatures(app, organizer):
    with app.app_context():
        db.session.execute(insert(Block), [{"campaign": STATE, "kind": "domain", "value": f"spam{n:02d}.example"}
                                           for n in range(51)])
        db.session.commit()
    page = f"/console/campaigns/{STATE}/signatures"
    first = organizer.get(page).get_data(as_text=True)
    assert "51 blocks." in first and first.count("Unblock spam") == 50 and "spam50.example" not in first
    second_address = next_page(first, "Block lists")
    assert second_address.endswith("blocks_page=2#blocks")
    second = organizer.get(second_address).get_data(as_text=True)
    assert second.count("Unblock spam") == 1 and "Unblock spam50.example" in second
    assert "next" not in pager_links(second, "Block lists") and "prev" in pager_links(second, "Block lists")
