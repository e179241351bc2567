"""Paging a console list (paging.py): by key, newest first, forth and back; by place; the links
keep the list's filters and never carry what the reader cannot use."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from undersigned.audit.log import listing, record
from undersigned.audit.models import AuditEntry
from undersigned.extensions import db
from undersigned.paging import by_key, by_place, page_url


def entries(app, count: int) -> list[int]:
    with app.app_context():
        for n in range(count):
            record("settings.change", campaign="belarus_senate", count=n)
        db.session.commit()
        return sorted(db.session.scalars(db.select(AuditEntry.id)), reverse=True)


def page_at(app, query: str, total: int):
    with app.test_request_context(f"/console/audit/?{query}"):
        page = by_key(listing(), AuditEntry.id, total=total)
        return [entry.id for entry in page.rows], page


def test_key_pages_go_forth_and_back_newest_first(app):
    ids = entries(app, 120)
    first, page = page_at(app, "", 120)
    assert first == ids[:50] and page.previous is None and page.next == {"before": ids[49], "after": None}
    second, page = page_at(app, f"before={ids[49]}", 120)
    assert second == ids[50:100] and page.previous == {"after": ids[50], "before": None}
    third, page = page_at(app, f"before={ids[99]}", 120)
    assert third == ids[100:] and page.next is None
    back, page = page_at(app, f"after={ids[100]}", 120)
    assert back == ids[50:100] and page.next == {"before": ids[99], "after": None} and page.previous
    start, page = page_at(app, f"after={ids[50]}", 120)
    assert start == ids[:50] and page.previous is None  # back to the start: the first page, whole


def test_nonsense_keys_show_the_first_page(app):
    ids = entries(app, 60)
    for query in ("before=abc", "before=-3", "before=99999999999999", "after=0", "before=1"):
        shown, page = page_at(app, query, 60)
        assert shown == ids[:50] and page.previous is None, query


def test_place_pages_stay_within_the_list(app):
    entries(app, 51)
    query = db.select(AuditEntry).order_by(AuditEntry.id)
    for asked, number in (("", 1), ("page=2", 2), ("page=9", 2), ("page=0", 1), ("page=x", 1)):
        with app.test_request_context(f"/console/audit/?{asked}"):
            page = by_place(query)
            assert (page.number, page.total, page.pages) == (number, 51, 2), asked
            assert len(page.rows) == (50 if number == 1 else 1)
            assert page.previous == ({"page": None} if number == 2 else None)
            assert page.next == ({"page": 2} if number == 1 else None)


def test_a_page_link_keeps_the_filters_and_drops_what_is_asked(app):
    with app.test_request_context("/console/audit/?campaign=belarus_senate&tag=a&tag=b&page=3&email=x@example.org"):
        address = urlsplit(page_url({"page": 4}, values={"email": None}, anchor="entries-heading"))
    assert address.path == "/console/audit/" and address.fragment == "entries-heading"
    assert parse_qs(address.query) == {"campaign": ["belarus_senate"], "tag": ["a", "b"], "page": ["4"]}
    with app.test_request_context("/console/audit/?page=2"):
        assert page_url({"page": None}) == "/console/audit/"
