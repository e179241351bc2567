"""The revision of each campaign's approved signatures: a number raised in the same transaction as
every change to what a joint letter's public copy shows (a co-signer approved, moved, removed or
erased; a version delivered). Pages and files made from them are rendered once per revision and
served from that copy; the number is in the database, so every process on every machine notices
a change at its next request, for the price of reading one row."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from undersigned.extensions import db
from undersigned.signing.models import ApprovedRevision


def touch(campaign: str) -> None:
    """Raise ``campaign``'s revision inside the caller's transaction (the caller commits)."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(ApprovedRevision).values(campaign=campaign, revision=1).on_conflict_do_update(
        index_elements=["campaign"], set_={"revision": ApprovedRevision.revision + 1}))


def current(campaign: str) -> int:
    """``campaign``'s revision now (0 before its first change)."""
    return db.session.scalar(select(ApprovedRevision.revision).where(ApprovedRevision.campaign == campaign)) or 0
