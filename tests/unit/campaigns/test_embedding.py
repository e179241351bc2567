"""Which sites may frame a campaign's widget (``campaigns/embedding.py``): the configured origins
in CSP ``frame-ancestors`` on the widget only; every other page, and an unconfigured widget,
may be framed by no site."""
from __future__ import annotations

import pytest

from undersigned.campaigns.embedding import origin_problem

PARTNER = "https://partner.example.org"
SLUG = "belarus_senate"


def frame_ancestors(response) -> str:
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    return policy["frame-ancestors"]


@pytest.mark.config(EMBED_ORIGINS={SLUG: [PARTNER, "http://127.0.0.1:8081"]})
def test_the_widget_may_be_framed_by_the_configured_origins_only(client):
    widget = client.get(f"/ru/c/{SLUG}/widget")
    assert widget.status_code == 200
    assert frame_ancestors(widget) == f"{PARTNER} http://127.0.0.1:8081"
    assert "X-Frame-Options" not in widget.headers
    html = widget.get_data(as_text=True)
    assert "Подписали 0 человек." in html and 'target="_blank"' in html

    # another campaign's widget, and every other page, stay unframeable
    for path in ("/c/belarus_state_dept/widget", f"/c/{SLUG}", "/", f"/c/{SLUG}/share.png", "/console/login"):
        response = client.get(path)
        assert frame_ancestors(response) == "'none'", path
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_without_configured_origins_the_widget_refuses_every_frame(client):
    widget = client.get(f"/c/{SLUG}/widget")
    assert widget.status_code == 200
    assert frame_ancestors(widget) == "'none'" and widget.headers["X-Frame-Options"] == "DENY"


@pytest.mark.config(EMBED_ORIGINS={SLUG: [PARTNER]})
def test_the_widget_shows_the_count_and_a_sign_link_carrying_the_partners_code(client):
    html = client.get(f"/c/{SLUG}/widget?ref=partner-site").get_data(as_text=True)
    assert "<h1>Joint letter to the Secretary of State on Belarus</h1>" in html
    assert "0 people have signed." in html
    assert f'href="http://undersigned.test/c/{SLUG}?ref=partner-site"' in html


@pytest.mark.parametrize("origin", ["https://partner.example.org/page", "https://*.example.org",
                                    "'self'", "https://a.example; script-src *", "partner.example.org",
                                    "https://partner.example.org/", "javascript:alert(1)", "*"])
def test_anything_but_a_bare_origin_is_refused(origin):
    assert origin_problem(origin)


@pytest.mark.parametrize("origin", [PARTNER, "http://127.0.0.1:8081", "https://xn--80ak6aa92e.example"])
def test_bare_origins_are_accepted(origin):
    assert origin_problem(origin) is None


@pytest.mark.config(EMBED_ORIGINS={SLUG: ["https://a.example; script-src *"]})
def test_a_campaign_with_a_malformed_origin_is_reported_and_not_served(app, client, runner):
    assert client.get(f"/c/{SLUG}/widget").status_code == 404
    result = runner.invoke(args=["campaigns", "check"])
    assert result.exit_code == 1 and "embed origin" in result.output
