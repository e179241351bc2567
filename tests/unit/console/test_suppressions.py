"""The suppression list page (console/suppressions.py): admins read it 50 a page, newest first,
with its total in words in each language."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import insert

from tests.support.clients import client_at
from tests.support.console import create_user, login
from tests.support.pager import next_page, pager_links, previous_page
from undersigned.contract import utcnow
from undersigned.extensions import db
from undersigned.suppression.models import Suppression

PAGE = "/console/suppressions/"


def suppress(app, count: int, start: int = 0) -> None:
    """``count`` suppressed addresses, the later numbered suppressed later."""
    with app.app_context():
        db.session.execute(insert(Suppression), [
            {"address_hash": f"{n:032x}", "masked": f"p{n:03d}•••@example.org", "reason": "bounce",
             "soft_bounces": 0, "suppressed_at": utcnow() - dt.timedelta(minutes=1000 - n)}
            for n in range(start, start + count)])
        db.session.commit()


def admin(app):
    create_user(app, "admin@example.org", "admin")
    client = client_at(app, "192.0.2.140")
    assert login(client, "admin@example.org").status_code == 302
    return client


def test_the_list_comes_fifty_a_page_newest_first_with_its_total(app):
    suppress(app, 51)
    client = admin(app)
    first = client.get(PAGE).get_data(as_text=True)
    assert "51 addresses are suppressed." in first and "Page 1 of 2" in first
    assert first.count("Lift the suppression of ") == 50
    assert "p050•••@example.org" in first and "p000•••@example.org" not in first  # the newest first
    assert "prev" not in pager_links(first)
    second = client.get(next_page(first)).get_data(as_text=True)
    assert second.count("Lift the suppression of ") == 1 and "p000•••@example.org" in second
    assert "next" not in pager_links(second) and "Page 2 of 2" in second
    assert "p050•••@example.org" in client.get(previous_page(second)).get_data(as_text=True)
    past_the_end = client.get(PAGE, query_string={"page": "99"}).get_data(as_text=True)
    assert "p000•••@example.org" in past_the_end and "Page 2 of 2" in past_the_end


def test_the_total_takes_each_russian_plural_form(app):
    client = admin(app)
    suppress(app, 51)
    assert "51 адрес в списке блокировки." in client.get(f"/ru{PAGE}").get_data(as_text=True)  # as 1, 21, 31...
    suppress(app, 1, start=51)
    assert "52 адреса в списке блокировки." in client.get(f"/ru{PAGE}").get_data(as_text=True)  # as 2-4
    suppress(app, 3, start=52)
    russian = client.get(f"/ru{PAGE}").get_data(as_text=True)
    assert "55 адресов в списке блокировки." in russian  # as 5-20
    assert 'rel="next">Следующая страница' in russian
