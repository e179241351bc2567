"""Share links (``sharing/links.py``) on the campaign and thank-you pages: every service, each
carrying the campaign's address on ``PUBLIC_URL`` with the right referral code."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.unit.sharing.conftest import seed
from undersigned.security.tokens import SIGNER, make_token

PUBLIC = "https://sign.example.org"
SLUG = "belarus_state_dept"
SERVICES = ["email", "facebook", "x", "telegram", "vk", "whatsapp"]
on_public_url = pytest.mark.config(PUBLIC_URL=PUBLIC, SERVER_NAME="sign.example.org")


def share_links(html: str) -> dict[str, str]:
    """Each share link's service and its address, as the page has them."""
    return {service: unescape(href) for href, service in
            re.findall(r'<a href="([^"]+)" data-service="([^"]+)"', html)}


def shared_address(service: str, href: str) -> str:
    """The campaign address a share link hands to its service."""
    parts = urlsplit(href)
    query = parse_qs(parts.query if service != "email" else href.partition("?")[2])
    if service == "facebook":
        return query["u"][0]
    if service in ("x", "telegram", "vk"):
        return query["url"][0]
    text = query["text" if service == "whatsapp" else "body"][0]
    return re.search(r"https://\S+", text).group(0)


@on_public_url
def test_the_thank_you_page_shares_the_campaign_with_the_signers_own_code(app, client):
    with app.test_request_context():
        signature = seed("jane@example.org")
        token = make_token(SIGNER, signature.public_id)
    html = client.get(f"/ru/c/{SLUG}/thanks/{token}").get_data(as_text=True)
    links = share_links(html)
    assert list(links) == SERVICES
    expected = f"{PUBLIC}/ru/c/{SLUG}?ref={signature.share_code}"
    for service, href in links.items():
        assert shared_address(service, href) == expected, service
    assert f'value="{expected}"' in html  # the copy-link field
    assert 'class="share-native"' in html and " hidden>" in html  # the share sheet only with scripts
    assert parse_qs(urlsplit(links["telegram"]).query)["text"][0].startswith("Подпишите письмо: ")


@on_public_url
def test_the_campaign_page_shares_the_plain_address_or_passes_on_the_code_it_came_with(client):
    plain = share_links(client.get(f"/c/{SLUG}").get_data(as_text=True))
    assert list(plain) == SERVICES
    assert {shared_address(s, h) for s, h in plain.items()} == {f"{PUBLIC}/c/{SLUG}"}

    referred = share_links(client.get(f"/be/c/{SLUG}?ref=partner-1").get_data(as_text=True))
    assert {shared_address(s, h) for s, h in referred.items()} == {f"{PUBLIC}/be/c/{SLUG}?ref=partner-1"}


@on_public_url
def test_a_code_that_cannot_be_one_is_not_passed_on(client):
    html = client.get(f"/c/{SLUG}?ref=%3Cscript%3E").get_data(as_text=True)
    assert {shared_address(s, h) for s, h in share_links(html).items()} == {f"{PUBLIC}/c/{SLUG}"}


def test_the_share_texts_and_buttons_are_translated(client):
    html = client.get(f"/be/c/{SLUG}").get_data(as_text=True)
    assert "Падзяліцца…" in html and "Скапіяваць спасылку" in html and "Электронная пошта" in html
    assert "QR-код гэтай старонкі для плакатаў:" in html
