"""The charts page (``console/campaigns/charts.py``): each chart an SVG picture without script,
followed by its numbers as a table; per hour in a surge or when asked."""
from __future__ import annotations

import dataclasses
import re

from tests.unit.console.campaigns.conftest import STATE, days_ago, insert_signatures
from undersigned.console.campaigns.charts import chart
from undersigned.contract import FormField


def table(html: str, name: str) -> dict[str, str]:
    body = re.search(rf'<table class="mailbox" id="table-{name}">(.*?)</table>', html, re.S).group(1)
    return dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td></tr>', body))


def test_each_chart_is_an_svg_picture_followed_by_its_numbers(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{"created_at": days_ago(2), "referral": "radio", "locale": "ru",
                                   "fields": {"country": "US", "us_state": "OR"}} for _ in range(3)]
                          + [{"created_at": days_ago(3), "fields": {"country": "BY"}}])
    html = organizer.get(f"/console/campaigns/{STATE}/charts").get_data(as_text=True)
    assert table(html, "countries") == {"United States": "3", "Belarus": "1"}
    assert table(html, "states") == {"OR": "3"}
    assert table(html, "languages") == {"Русский": "3", "English": "1"}
    assert table(html, "referrals") == {"radio": "3"}
    assert sorted(table(html, "signatures").values()) == ["1", "3"]
    assert 'alt="Bar chart; its numbers are in the table below."' in html

    picture = organizer.get(f"/console/campaigns/{STATE}/charts/countries.svg")
    assert picture.mimetype == "image/svg+xml"
    svg = picture.get_data(as_text=True)
    assert "<svg" in svg and "United States" in svg and "<script" not in svg


def test_signatures_are_shown_per_hour_when_asked(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{"created_at": days_ago(0, hours=1)}, {"created_at": days_ago(5)}])
    html = organizer.get(f"/console/campaigns/{STATE}/charts?by=hour").get_data(as_text=True)
    assert list(table(html, "signatures").values()) == ["1"]  # only the last 48 hours
    assert "Show signatures per day" in html


def test_an_unknown_chart_is_not_found(organizer):
    assert organizer.get(f"/console/campaigns/{STATE}/charts/everything.svg").status_code == 404


def test_the_country_chart_counts_the_field_of_type_country_whatever_its_name(app):
    seed = app.extensions["undersigned"].campaigns.get(STATE)
    campaign = dataclasses.replace(seed, fields=(
        FormField("residence", "Where do you live?", type="country"),
        FormField("country", "Home or abroad?", type="select", choices=(("home", "Home"), ("abroad", "Abroad")))))
    with app.test_request_context():
        insert_signatures(STATE, [{"fields": {"residence": "PL", "country": "home"}}])
        assert chart(campaign, "countries", "day").counts == [("Poland", 1)]
        assert chart(campaign, "states", "day").counts == []  # no field of type us_state
