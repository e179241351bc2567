"""The charts page (``console/campaigns/charts.py``): each chart an SVG picture without script,
whole-number ticks and readable labels, followed by its numbers as a table, read from the
numbers kept as signatures change; per hour in a surge or when asked; empty states that say
why."""
from __future__ import annotations

import dataclasses
import re

from tests.unit.console.campaigns.conftest import STATE, days_ago, insert_signatures
from undersigned.console.campaigns.charts import MOST, chart
from undersigned.contract import FormField
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.signing import service, tallies
from undersigned.signing.models import Signature


def table(html: str, name: str) -> dict[str, str]:
    body = re.search(rf'<table class="mailbox" id="table-{name}"[^>]*>(.*?)</table>', html, re.S).group(1)
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
        tallies.recount(campaign)  # as the campaign now defines its fields
        db.session.commit()
        assert chart(campaign, "countries", "day").counts == [("Poland", 1)]
        states = chart(campaign, "states", "day")
        assert states.counts == [] and states.empty == "This campaign's form does not ask for it."


def test_the_tables_follow_confirmations_and_removals(app, organizer):
    with app.test_request_context():
        campaign = registry_of().get(STATE)
        signatures = [service.sign(campaign, {"first_name": "A", "last_name": str(n), "country": country},
                                   email=f"s{n}@example.org", email_canonical=f"s{n}@example.org", locale="en",
                                   ip_hash=None, public_name=False, referral="radio")
                      for n, country in enumerate(("US", "US", "BY"))]
        for signature in signatures:
            service.confirm(signature, campaign)
        service.remove(db.session.get(Signature, signatures[0].id), campaign, "invalidated")
    html = organizer.get(f"/console/campaigns/{STATE}/charts").get_data(as_text=True)
    assert table(html, "countries") == {"United States": "1", "Belarus": "1"}
    assert table(html, "referrals") == {"radio": "2"}
    assert table(html, "languages") == {"English": "2"}


def test_empty_charts_say_why_and_never_deny_the_signatures_there_are(app, organizer):
    page = f"/console/campaigns/{STATE}/charts"
    html = organizer.get(page).get_data(as_text=True)
    assert html.count("No confirmed signatures yet.") == 5 and "<table" not in html
    with app.app_context():
        insert_signatures(STATE, [{"fields": {"first_name": "Ann"}}])  # no referral, country or state
    html = organizer.get(page).get_data(as_text=True)
    assert "No confirmed signatures yet" not in html
    assert "None of the confirmed signatures came through a referral code." in html
    assert "None of the confirmed signatures names a country." in html
    assert "None of the confirmed signatures names a US state." in html
    svg = organizer.get(f"{page}/referrals.svg").get_data(as_text=True)
    assert "None of the confirmed signatures came through a referral code." in svg


def test_the_value_axis_has_whole_numbers_readable_labels_and_no_title(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{"fields": {"country": "US"}}])
    svg = organizer.get(f"/console/campaigns/{STATE}/charts/countries.svg").get_data(as_text=True)
    axis = re.search(r'<g class="axis x always_show">(.*?)<g class="series', svg, re.S).group(1)
    values = re.findall(r"<text[^>]*>([^<]+)</text>", axis)
    assert values == ["0", "1"]  # not 0, 0.1 ... 0.9
    sizes = {int(size) for size in re.findall(r"font-size:\s*(\d+)px", svg)}
    assert sizes and min(sizes) >= 12
    assert "Confirmed signatures by country" not in svg  # the page's heading is its only title


def test_a_long_list_shows_the_first_bars_and_says_how_many_more(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{"referral": f"code{n:03}"} for n in range(MOST + 3)]
                          + [{"referral": "code000"}])
    html = organizer.get(f"/console/campaigns/{STATE}/charts").get_data(as_text=True)
    shown = table(html, "referrals")
    assert len(shown) == MOST and shown["code000"] == "2"
    assert "3 more are not shown; confirmed signatures in them: 3." in html
