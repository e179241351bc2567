"""Telling plugins of a change inside its own transaction, just before the caller commits it
(``undersigned_event_before_commit``, contract 1.2).

Each plugin's call runs in its own SAVEPOINT: one that raises is rolled back to it alone and
logged, and the change and the other plugins' writes still commit. A plugin may not end the
transaction: a commit inside the hook is refused (it raises there, as if the plugin had), and a
rollback, which would undo the change itself, fails the caller rather than let it report a change
that was lost.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

from sqlalchemy import event as orm_event
from sqlalchemy.orm import Session

from undersigned.contract import Campaign, SignatureRecord
from undersigned.contract.events import listeners
from undersigned.contract.state import state_of
from undersigned.extensions import db

HOOK = "undersigned_event_before_commit"
#: The key in ``Session.info`` naming the plugin being called, while one is.
CALLING = "undersigned.before_commit"
log = logging.getLogger(__name__)


class TransactionEnded(RuntimeError):
    """A plugin rolled back the transaction it was called in: the change it was told of is lost."""


def before_commit(event: str, record: SignatureRecord, campaign: Campaign) -> None:
    """Call every plugin's ``undersigned_event_before_commit`` with ``event``, ``record`` and
    ``campaign``, each in its own savepoint of the caller's transaction, which the caller then
    commits. Raises :class:`TransactionEnded` if a plugin rolled that transaction back."""
    session = db.session()
    outer = session.get_transaction() or session.begin()
    for name, call in listeners(state_of().plugins, HOOK):
        try:
            with session.begin_nested():
                _call_as(session, name, call, event=event, record=record, campaign=campaign)
        except Exception as exc:  # its savepoint is rolled back: the change and the others' writes stay
            log.error("plugin %s failed in %s (%s, signature %s of %s): %s; what it wrote is rolled back, "
                      "the change commits\n%s", name, HOOK, event, record.id, campaign.slug, type(exc).__name__,
                      _where(exc))
        if not outer.is_active:
            raise TransactionEnded(f"plugin {name} rolled back the transaction of {event} in {HOOK}")


def _where(exc: BaseException) -> str:
    """Where ``exc`` was raised, frame by frame: files, lines and functions only (its message and
    the source lines may quote a signer's data)."""
    return "\n".join(f"  {frame.filename}:{frame.lineno} in {frame.name}"
                     for frame in traceback.extract_tb(exc.__traceback__))


def _call_as(session: Session, name: str, call: Callable[..., Any], **arguments: Any) -> None:
    """``call(**arguments)``, a commit meanwhile refused as plugin ``name``'s (the savepoint's own
    release, after it, is not one)."""
    session.info[CALLING] = name
    try:
        call(**arguments)
    finally:
        session.info.pop(CALLING, None)


@orm_event.listens_for(Session, "before_commit")
def _refuse_a_commit_inside_the_hook(session: Session) -> None:
    name = session.info.get(CALLING)
    if name is not None:
        raise RuntimeError(f"plugin {name} committed inside {HOOK}: the caller commits")
