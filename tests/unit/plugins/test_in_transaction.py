"""Plugins inside a change's transaction (plugins/in_transaction.py): each in its own savepoint,
so a plugin that raises, or commits, is rolled back alone and logged without personal data, and
the supporter's signature still commits with every other plugin's writes; a plugin that rolls
the transaction back fails the change rather than let it be reported and lost."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from tests.support.api import STATE_DEPT, signed
from undersigned.audit import log as audit
from undersigned.audit.models import AuditEntry
from undersigned.contract import hookimpl
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.plugins.in_transaction import TransactionEnded
from undersigned.signing import service
from undersigned.signing.models import Signature


class Writer:
    """Queues an audit entry named ``action`` for each change, then does ``then`` (if any)."""

    def __init__(self, action: str, then=None) -> None:
        self.action, self.then = action, then

    @hookimpl
    def undersigned_event_before_commit(self, event, record, campaign):
        audit.record(self.action, campaign=campaign.slug, signature=record.id, event=event)
        if self.then:
            self.then()


def _register(app, **writers: Writer) -> None:
    for name, writer in writers.items():
        app.extensions["undersigned"].plugins.register(writer, name=name)


def _actions(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("test.%"))))


def _status(app, signature_id: int) -> str:
    with app.app_context():
        return db.session.get(Signature, signature_id).status


def _raise():
    raise ValueError("jane@example.org cannot be sent")


def test_a_plugin_that_raises_is_rolled_back_alone_and_logged_without_personal_data(app, client, caplog):
    _register(app, before=Writer("test.kept.before"), breaker=Writer("test.undone", then=_raise),
              after=Writer("test.kept.after"))
    caplog.set_level(logging.ERROR, logger="undersigned.plugins.in_transaction")

    signature_id = signed(app, "jane@example.org")

    assert _status(app, signature_id) == "confirmed"
    assert client.get(f"/c/{STATE_DEPT}.json").get_json()["count"] == 1
    assert _actions(app) == ["test.kept.after", "test.kept.before"]
    [logged] = [r.getMessage() for r in caplog.records if "breaker" in r.getMessage()]
    assert f"plugin breaker failed in undersigned_event_before_commit (signature.confirmed, signature {signature_id}" \
           in logged and "ValueError" in logged and "_raise" in logged
    assert "jane@example.org" not in caplog.text


def test_a_plugin_that_commits_inside_is_refused_as_if_it_raised(app, caplog):
    _register(app, committer=Writer("test.committed", then=db.session.commit), after=Writer("test.kept"))

    signature_id = signed(app, "jane@example.org")

    assert _status(app, signature_id) == "confirmed"
    assert _actions(app) == ["test.kept"]
    assert "plugin committer failed" in caplog.text and "RuntimeError" in caplog.text


def test_a_write_that_fails_when_its_savepoint_is_released_is_rolled_back_alone(app):
    def add_a_broken_row():
        db.session.add(AuditEntry(actor="plugin", action=None, campaign=STATE_DEPT, details={}))  # NOT NULL

    _register(app, broken=Writer("test.undone", then=add_a_broken_row), after=Writer("test.kept"))

    signature_id = signed(app, "jane@example.org")

    assert _status(app, signature_id) == "confirmed"
    assert _actions(app) == ["test.kept"]


def test_a_plugin_that_rolls_back_fails_the_change_instead_of_losing_it_unseen(app):
    _register(app, roller=Writer("test.rolled", then=db.session.rollback))
    signature_id = signed(app, "jane@example.org", confirm=False)

    with app.test_request_context():
        signature = db.session.get(Signature, signature_id)
        with pytest.raises(TransactionEnded, match="plugin roller rolled back"):
            service.confirm(signature, registry_of().get(STATE_DEPT))

    assert _status(app, signature_id) == "pending"
    assert _actions(app) == []
