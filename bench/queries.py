"""The console's and the export's queries on a million rows, with PostgreSQL's plan for each
(``EXPLAIN (ANALYZE, BUFFERS)``): the SQL is captured from the real functions, not rewritten."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from sqlalchemy import event

from undersigned.app_state import registry_of
from undersigned.delivery.log import signature_named
from undersigned.extensions import db
from undersigned.signing import records


@contextmanager
def captured() -> Iterator[list[tuple[str, object]]]:
    """Every statement the engine runs inside, with its parameters."""
    statements: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)


def plan(run: Callable[[], object]) -> str:
    """The plan of the query ``run`` sends (its last SELECT on signatures), as run."""
    with captured() as statements:
        run()
    statement, parameters = [s for s in statements if "FROM signatures" in s[0]][-1]
    rows = db.session.connection().exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters)
    return "\n".join(row[0] for row in rows)


def console_plans(slug: str, someone: str) -> dict[str, str]:
    """``{query: plan}`` for the signatures list, the list filtered by status, the lookup by
    e-mail and the CSV export, on ``slug``."""
    campaign = registry_of().get(slug)

    def export() -> None:
        header, rows = records.export_table(campaign)
        next(rows, None)

    plans = {
        "signatures list (flask signatures list)": plan(lambda: records.signatures_of(slug)),
        "signatures list filtered by status": plan(lambda: records.signatures_of(slug, "confirmed")),
        "lookup by e-mail (flask signatures log)": plan(lambda: signature_named(slug, someone)),
        "CSV export (every row, streamed)": plan(export),
    }
    db.session.rollback()
    return plans
