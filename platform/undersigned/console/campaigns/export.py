"""A campaign's signatures as CSV, streamed row by row from a server-side cursor, so memory
stays flat however many there are (the same table as ``flask signatures export``)."""
from __future__ import annotations

from flask import Response, request, stream_with_context
from sqlalchemy.orm import Session

from undersigned.audit.log import record
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.console.campaigns.blueprint import bp
from undersigned.extensions import db
from undersigned.security.spreadsheet import csv_lines
from undersigned.signing import records
from undersigned.signing.models import STATUSES
from undersigned.users.auth import requires

#: So a spreadsheet opens the file as UTF-8.
BOM = "\ufeff"


@bp.get("/export.csv")
@requires("organize")
def export(slug: str):
    campaign = campaign_or_404(slug)
    statuses = [status for status in request.args.getlist("status") if status in STATUSES]
    record("signatures.export", campaign=slug, statuses=statuses)  # who took personal data, when
    db.session.commit()

    def lines():
        # a session of its own: the request's is closed when the view returns, mid-stream
        with Session(db.engine) as session:
            header, rows = records.export_table(campaign, statuses, session=session)
            yield BOM
            yield from csv_lines(header, rows)

    # streamed as it is read: a proxy must pass each part on, not collect the file (nginx's header)
    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{slug}-signatures.csv"',
                             "X-Accel-Buffering": "no"})
