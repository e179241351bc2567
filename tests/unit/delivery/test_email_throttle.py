"""The ``email`` channel's pacing (delivery/email/service.py ``next_slot``): letters to one
recipient are scheduled so that no hour holds more than ``letters_per_hour`` of them."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from undersigned.delivery.email.service import LETTER, next_slot
from undersigned.extensions import db
from undersigned.mail.models import FAILED, SENT, OutboxMessage

NOW = dt.datetime(2026, 11, 24, 12, 0)
MAYOR = "mayor@city.example"


def queue(to: str, at: dt.datetime, status: str = "queued", kind: str = LETTER) -> None:
    db.session.add(OutboxMessage(kind=kind, to_address=to, subject="s", body_text="b",
                                 status=status, next_attempt_at=at))
    db.session.flush()


def take_slots(count: int, per_hour: int, now: dt.datetime = NOW) -> list[dt.datetime]:
    slots = []
    for _ in range(count):
        slots.append(next_slot(MAYOR, per_hour, now))
        queue(MAYOR, slots[-1])
    return slots


def most_in_any_hour(slots: list[dt.datetime]) -> int:
    return max(sum(start <= slot < start + dt.timedelta(hours=1) for slot in slots) for start in slots)


def test_the_first_letter_goes_now(app):
    with app.app_context():
        assert next_slot(MAYOR, 4, NOW) == NOW


def test_letters_to_one_recipient_are_spread_so_no_hour_holds_more_than_the_limit(app):
    with app.app_context():
        slots = take_slots(9, per_hour=4)
    assert slots[:5] == [NOW + dt.timedelta(minutes=15 * i) for i in range(5)]
    assert most_in_any_hour(slots) == 4


def test_other_recipients_and_other_messages_take_no_slot(app):
    with app.app_context():
        queue("senator@state.example", NOW + dt.timedelta(hours=5))
        queue(MAYOR, NOW + dt.timedelta(hours=5), kind="confirm")
        queue(MAYOR, NOW + dt.timedelta(hours=5), status=FAILED)
        assert next_slot(MAYOR, 2, NOW) == NOW


def test_letters_sent_long_ago_do_not_delay_a_new_one(app):
    with app.app_context():
        queue(MAYOR, NOW - dt.timedelta(hours=3), status=SENT)
        assert next_slot(MAYOR, 1, NOW) == NOW
        queue(MAYOR, NOW - dt.timedelta(minutes=20), status=SENT)
        assert next_slot(MAYOR, 1, NOW) == NOW + dt.timedelta(minutes=40)


@pytest.mark.parametrize("backend_app", ["postgresql"], indirect=True)
def test_concurrent_confirmations_take_different_slots_on_postgresql(backend_app):
    """Each transaction holds the recipient's lock from taking its slot until it commits."""
    app, slots, errors = backend_app, [], []
    barrier = threading.Barrier(4, timeout=30)  # a thread that failed early breaks it

    def confirm_one() -> None:
        with app.app_context():
            try:
                barrier.wait()
                slot = next_slot(MAYOR, 6, NOW)
                queue(MAYOR, slot)
                db.session.commit()
                slots.append(slot)
            except Exception as exc:  # reported below, in the test's thread
                errors.append(exc)

    threads = [threading.Thread(target=confirm_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(slots) == [NOW + dt.timedelta(minutes=10 * i) for i in range(4)]
