"""The signatures page (``console/campaigns/signatures.py``): look-up by e-mail as signing
canonicalises it, filters and pages, removal with a reason, a batch invalidated after its count
is shown, bursts and block lists, all through the fraud service, each change audited."""
from __future__ import annotations

import re

from tests.support.pager import next_page, pager_links, previous_page
from tests.unit.console.campaigns.conftest import STATE, days_ago, insert_signatures, post
from undersigned.audit.log import entries
from undersigned.extensions import db
from undersigned.security import blocklist
from undersigned.signing.models import Signature

PAGE = f"/console/campaigns/{STATE}/signatures"


def ids_on(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"<tr><td>(\d+)</td>", html)]


def test_a_signature_is_found_by_its_email_as_signing_canonicalises_it(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{"email": "Jane.Doe@Gmail.com", "email_canonical": "janedoe@gmail.com"}, {}])
    html = organizer.get(PAGE, query_string={"email": "jane.doe+petition@googlemail.com"}).get_data(as_text=True)
    assert "Jane.Doe@Gmail.com" in html
    missing = organizer.get(PAGE, query_string={"email": "nobody@example.org"}).get_data(as_text=True)
    assert "No signature of this campaign has that e-mail address." in missing


def test_filters_by_status_and_date_page_newest_first(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{"created_at": days_ago(1)} for _ in range(60)]
                          + [{"status": "pending", "created_at": days_ago(1)}, {"created_at": days_ago(9)}])
        recent = sorted(db.session.scalars(db.select(Signature.id).filter_by(status="confirmed")
                                           .where(Signature.created_at > days_ago(2))), reverse=True)
    since = f"{days_ago(2):%Y-%m-%d}"
    first = organizer.get(PAGE, query_string={"status": "confirmed", "since": since}).get_data(as_text=True)
    assert ids_on(first) == recent[:50] and "prev" not in pager_links(first, "All signatures")
    assert "60 signatures match; the newest first, 50 a page." in first
    second_address = next_page(first, "All signatures")
    assert "status=confirmed" in second_address and f"since={since}" in second_address  # the filters kept
    second = organizer.get(second_address).get_data(as_text=True)
    assert ids_on(second) == recent[50:] and "next" not in pager_links(second, "All signatures")
    assert ids_on(organizer.get(previous_page(second, "All signatures")).get_data(as_text=True)) == recent[:50]

    bad = organizer.get(PAGE, query_string={"since": "yesterday"})
    assert bad.status_code == 400 and "Please give a date as YYYY-MM-DD." in bad.get_data(as_text=True)


def test_removing_one_asks_first_naming_the_signer_needs_a_reason_and_can_be_undone(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{}])
        signature_id = db.session.scalar(db.select(Signature.id))
    path = f"{PAGE}/{signature_id}/remove"
    assert f'href="{path}">Remove the signature of Ann Signer0</a>' in organizer.get(PAGE).get_data(as_text=True)
    assert "Remove the signature of Ann Signer0?" in organizer.get(path).get_data(as_text=True)
    refused = post(organizer, path, path, {"reason": "no idea"})
    assert refused.status_code == 400 and "Please choose why" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Signature, signature_id).status == "confirmed"
    done = post(organizer, path, path, {"reason": "duplicate"})
    listed = organizer.get(done.location).get_data(as_text=True)
    assert "The signature of Ann Signer0 is removed" in listed and "Undo: count the signature of Ann Signer0 again" in listed
    with app.app_context():
        assert db.session.get(Signature, signature_id).status == "invalidated"
        entry = entries(STATE)[0]
        assert (entry.action, entry.actor, entry.details) == (
            "signature.invalidate", "org@example.org", {"signature": signature_id, "reason": "duplicate"})
    undone = post(organizer, f"{PAGE}/{signature_id}/restore", done.location, {})
    assert "The signature of Ann Signer0 counts again." in organizer.get(undone.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Signature, signature_id).status == "confirmed"
        assert entries(STATE)[0].action == "signature.restore"
    gone = organizer.get(f"{PAGE}/999999/remove", follow_redirects=True).get_data(as_text=True)
    assert "That signature is unknown, or no longer counts" in gone


def test_a_batch_shows_its_count_before_it_is_invalidated(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{"email": f"bot{n}@spam.example"} for n in range(3)] + [{}])
    path = f"{PAGE}/invalidate"
    counted = post(organizer, path, path, {"domain": "spam.example"}).get_data(as_text=True)
    assert "3 signatures match (3 confirmed)." in counted
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).where(Signature.status == "invalidated")) == 0
    post(organizer, path, path, {"domain": "spam.example", "confirm": "yes"})
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).where(Signature.status == "invalidated")) == 3
        assert [e.action for e in entries(STATE)].count("signature.invalidate") == 3

    unnarrowed = post(organizer, path, path, {"since": "24h"})
    assert unnarrowed.status_code == 400 and "Please give an IP hash" in unnarrowed.get_data(as_text=True)


def test_bursts_are_listed_and_bad_windows_explained(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{"ip_hash": "a" * 32, "created_at": days_ago(0, hours=1)} for _ in range(6)])
    html = organizer.get(f"{PAGE}/bursts").get_data(as_text=True)
    assert "a" * 32 in html
    assert organizer.get(f"{PAGE}/bursts", query_string={"window": "soon"}).status_code == 400


def test_bursts_come_fifty_a_page_with_the_query_kept(app, organizer):
    # 26 signatures, each from its own client and domain: 52 groups of one (by IP hash and by domain)
    with app.app_context():
        insert_signatures(STATE, [{"ip_hash": f"{n:032x}", "email": f"s{n}@d{n:02d}.example",
                                   "created_at": days_ago(0, hours=1)} for n in range(26)])
    first = organizer.get(f"{PAGE}/bursts", query_string={"window": "1h", "since": "3h", "min": "1"})
    html = first.get_data(as_text=True)
    assert "52 bursts, the busiest first." in html and html.count("<tr><td class=\"nowrap\">") == 50
    second_address = next_page(html, "Bursts found")
    assert all(part in second_address for part in ("window=1h", "since=3h", "min=1", "page=2"))
    second = organizer.get(second_address).get_data(as_text=True)
    assert second.count("<tr><td class=\"nowrap\">") == 2 and "next" not in pager_links(second, "Bursts found")
    shown = set(re.findall(r"<code>([^<]+)</code>", html)) | set(re.findall(r"<code>([^<]+)</code>", second))
    assert len(shown) == 52  # every group once


def test_blocking_asks_first_naming_what_is_blocked_and_can_be_undone(app, organizer):
    asked = f"{PAGE}/blocks/confirm?kind=domain&value=Spam.Example&note=bots"
    assert "Block the e-mail domain spam.example?" in organizer.get(asked).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(blocklist.Block)).all() == []
    done = post(organizer, f"{PAGE}/blocks", asked, {"kind": "domain", "value": "spam.example", "note": "bots"})
    listed = organizer.get(done.location).get_data(as_text=True)
    assert "spam.example is blocked." in listed and "Undo: unblock spam.example" in listed
    with app.app_context():
        assert [(b.kind, b.value) for b in db.session.scalars(db.select(blocklist.Block))] == [("domain", "spam.example")]
        assert entries(STATE)[0].action == "block.add"
    refused = organizer.get(f"{PAGE}/blocks/confirm?kind=domain&value=not+a+domain", follow_redirects=True)
    text = refused.get_data(as_text=True)
    assert "Please give an e-mail domain" in text and 'value="not a domain"' in text  # kept as typed
    post(organizer, f"{PAGE}/blocks/remove", PAGE, {"value": "spam.example"})
    with app.app_context():
        assert db.session.scalars(db.select(blocklist.Block)).all() == []
        assert entries(STATE)[0].action == "block.remove"
