"""Leases on queued rows (outbox messages, webhook deliveries): a worker claims due rows by
writing its own token and an expiry on them, and only the holder of a row's lease sends it. A row
is free while nobody holds it or its lease has run out (its worker died), so nothing is lost; the
claim's UPDATE takes only free rows, so two workers claiming at once share none. On PostgreSQL the
due rows are also chosen ``FOR UPDATE SKIP LOCKED``, so workers claim side by side.

A table with leases has the columns ``locked_until`` and ``lock_token``."""
from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select, update

from undersigned.extensions import db


def free(model: Any, now: dt.datetime) -> ColumnElement[bool]:
    """Whether a row of ``model`` may be claimed at ``now``: nobody holds it, or its lease ran out."""
    return or_(model.locked_until.is_(None), model.locked_until < now)


def claim(model: Any, due: Select, *, now: dt.datetime, lease: dt.timedelta,
          order_by: tuple[ColumnElement, ...]) -> list:
    """Lease to this worker, until ``now + lease``, the rows of ``model`` whose ids ``due`` selects
    (among those :func:`free` at ``now``), and return them in ``order_by``; committed."""
    token = secrets.token_hex(16)
    db.session.execute(update(model).where(model.id.in_(due), free(model, now))
                       .values(locked_until=now + lease, lock_token=token)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    return list(db.session.scalars(select(model).where(model.lock_token == token).order_by(*order_by)))


def release(model: Any, token: str) -> None:
    """Give up the leases of the claim ``token`` on the rows of ``model`` still holding it; committed."""
    db.session.execute(update(model).where(model.lock_token == token)
                       .values(locked_until=None, lock_token=None).execution_options(synchronize_session=False))
    db.session.commit()
