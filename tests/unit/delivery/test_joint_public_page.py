"""The joint letter's public page costs what a campaign page costs, however many co-signers it
has: it lists the first ``JOINT_LETTER_PAGE_NAMES`` of those who agreed to be named and links the
PDF that lists them all; both are rendered once per change to the co-signers and served from
that copy, and every process sees a change at its next request (issue 19, finding 4)."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Callable, Iterator

import pytest
from sqlalchemy import event

from tests.conftest import make_app
from tests.functional.test_joint_letter_versions import pdf_text
from tests.support.signing import SENATE_SIGNER, form_inputs
from tests.unit.delivery.conftest import sign_and_confirm
from undersigned.campaigns import settings
from undersigned.contract.state import registry_of
from undersigned.delivery.joint import service
from undersigned.extensions import db

SLUG = "belarus_senate"
LETTER, PDF = f"/c/{SLUG}/letter", f"/c/{SLUG}/letter.pdf"
NAMES = (("Ada", "Lovelace"), ("Grace", "Hopper"), ("Mary", "Jackson"), ("Dorothy", "Vaughan"))


def co_signer(first: str, last: str, *, named: bool = True) -> dict:
    return dict(SENATE_SIGNER, first_name=first, last_name=last, letter_name=f"{first} {last}",
                email=f"{first.lower()}@example.org", public_name="y" if named else None)


def approve(app, runner, *signers: dict) -> list[str]:
    """Sign, confirm and approve each of ``signers`` (ids follow on from those already there);
    each one's thank-you page (its signer's own link)."""
    thanks = [sign_and_confirm(app, SLUG, **signer) for signer in signers]
    with app.app_context():
        ids = [str(row.id) for row in service.waiting(registry_of().get(SLUG))]
    assert runner.invoke(args=["signatures", "approve", SLUG, *ids]).exit_code == 0
    return thanks


@contextmanager
def reads_of_signatures(app) -> Iterator[list[str]]:
    """The SQL statements ``app`` sends that read the signatures table, while inside."""
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        if "signatures" in statement:
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


@pytest.mark.config(JOINT_LETTER_PAGE_NAMES=2)
def test_the_page_lists_the_first_named_co_signers_and_links_the_pdf_that_lists_them_all(app, client, runner):
    approve(app, runner, *(co_signer(*name) for name in NAMES), co_signer("Katherine", "Johnson", named=False))
    page = client.get(LETTER).get_data(as_text=True)
    assert page.count('class="signature-block"') == 2
    assert "Ada Lovelace" in page and "Grace Hopper" in page
    assert "Mary Jackson" not in page and "Katherine" not in page
    assert "5 signatories" in page and "and 3 more co-signers" in page
    assert "4 co-signers agreed to be named. This page lists the first 2; the PDF lists them all." in page
    assert f'href="{PDF}"' in page

    pdf = client.get(PDF)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    assert all(f"{first} {last}" in text for first, last in NAMES)
    assert "Katherine" not in text and "and 1 more co-signer" in text


@pytest.mark.config(JOINT_LETTER_PAGE_NAMES=2)
@pytest.mark.parametrize("prefix, says", [
    ("/ru", "4 подписанта согласились на публикацию имени. На этой странице названы первые 2, в PDF — все."),
    ("/be", "4 падпісанты згадзіліся на публікацыю імя. На гэтай старонцы названы першыя 2, у PDF — усе."),
], ids=["ru", "be"])
def test_the_note_on_the_list_reads_naturally_in_russian_and_belarusian(app, client, runner, prefix, says):
    approve(app, runner, *(co_signer(*name) for name in NAMES))
    assert says in client.get(prefix + LETTER).get_data(as_text=True)


def test_when_the_page_names_everyone_it_needs_no_note(app, client, runner):
    approve(app, runner, co_signer(*NAMES[0]))
    page = client.get(LETTER).get_data(as_text=True)
    assert "Ada Lovelace" in page and "agreed to be named." not in page
    assert f'href="{PDF}"' in page  # the letter to print, all the same


def test_a_repeated_request_is_served_from_the_rendered_copy(app, client, runner):
    approve(app, runner, *(co_signer(*name) for name in NAMES[:2]))
    first, first_pdf = client.get(LETTER).data, client.get(PDF).data
    with reads_of_signatures(app) as reads:
        again, again_pdf = client.get(LETTER).data, client.get(PDF).data
    assert again == first and again_pdf == first_pdf
    assert reads == []


def test_the_pdf_is_drawn_once_for_every_process(app, client, runner, tmp_path, monkeypatch):
    approve(app, runner, co_signer(*NAMES[0]))
    drawn = client.get(PDF)
    assert drawn.mimetype == "application/pdf"
    other = make_app(tmp_path, monkeypatch)  # another worker, on another machine: the same database
    with reads_of_signatures(other) as reads:
        assert other.test_client().get(PDF).data == drawn.data
    assert reads == []


def withdraw(app, thanks: str) -> None:
    """The signer withdraws from their own link, in ``app``."""
    signer = app.test_client()
    path = thanks.replace("/thanks/", "/withdraw/")
    csrf = form_inputs(signer.get(path).get_data(as_text=True))["csrf_token"]
    assert signer.post(path, data={"csrf_token": csrf}).status_code == 302


def move_down(app, _thanks: str) -> None:
    with app.test_request_context():
        assert service.move(registry_of().get(SLUG), 1, 1)


def invalidate(app, _thanks: str) -> None:
    assert app.test_cli_runner().invoke(args=["signatures", "invalidate", SLUG, "1", "--yes"]).exit_code == 0


def deliver(app, _thanks: str) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["signatures", "freeze", SLUG]).exit_code == 0
    assert runner.invoke(args=["signatures", "deliver", SLUG, "1", "--by", "hand"]).exit_code == 0


def purge(app, _thanks: str) -> None:
    assert app.test_cli_runner().invoke(args=["signatures", "purge"]).exit_code == 0


def ada_after_grace(page: str) -> bool:
    return page.index("Grace Hopper") < page.index("Ada Lovelace")


@pytest.mark.parametrize("change, changed", [
    (withdraw, lambda page: "Ada Lovelace" not in page and "1 signatory" in page),
    (invalidate, lambda page: "Ada Lovelace" not in page and "1 signatory" in page),
    (move_down, ada_after_grace),
    (deliver, lambda page: "Delivered versions" in page),
    (purge, lambda page: "Lovelace" not in page and "and 2 more co-signers" in page),
], ids=["signer withdraws", "organizer invalidates", "organizer moves", "organizer delivers", "retention purge"])
def test_every_process_sees_a_change_at_its_next_request(app, runner, tmp_path, monkeypatch, change,
                                                         changed: Callable[[str], bool]):
    thanks = approve(app, runner, co_signer(*NAMES[0]), co_signer(*NAMES[1]))
    if change is purge:  # the campaign closed long ago (before the page was first rendered)
        with app.test_request_context():
            settings.save(SLUG, {"goal": None, "milestones": None, "opens": None, "paused": None,
                                 "help_address": None, "closes": dt.date(2020, 1, 1)})
    reader = app.test_client()
    assert not changed(reader.get(LETTER).get_data(as_text=True))
    other = make_app(tmp_path, monkeypatch)  # another worker, on another machine: the same database
    change(other, thanks[0])
    assert changed(reader.get(LETTER).get_data(as_text=True))


def test_approving_a_co_signer_shows_them_in_every_process(app, runner, tmp_path, monkeypatch):
    approve(app, runner, co_signer(*NAMES[0]))
    reader = app.test_client()
    assert "Grace Hopper" not in reader.get(LETTER).get_data(as_text=True)
    pdf = reader.get(PDF).data
    other = make_app(tmp_path, monkeypatch)
    approve(other, other.test_cli_runner(), co_signer(*NAMES[1]))
    assert "Grace Hopper" in reader.get(LETTER).get_data(as_text=True)
    assert "Grace Hopper" in pdf_text(reader.get(PDF).data) and "Grace Hopper" not in pdf_text(pdf)
