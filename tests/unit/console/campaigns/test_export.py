"""The console's CSV export (``console/campaigns/export.py``): streamed from a server-side cursor,
so memory stays flat on a large campaign, and the CSV read back equals the rows; only for
organizers granted the campaign. ``flask signatures export`` shows progress when asked."""
from __future__ import annotations

import csv
import io
import tracemalloc

import pytest
from sqlalchemy import insert

from tests.support.console import create_user, login
from tests.unit.console.campaigns.conftest import STATE
from undersigned.audit.log import entries
from undersigned.contract import utcnow
from undersigned.extensions import db
from undersigned.signing.models import CONFIRMED, Signature

ROWS = 50_000


def insert_many(count: int) -> list[tuple[str, str, str]]:
    """``count`` signatures in batches of executemany; their (id, e-mail, last name) as text."""
    now = utcnow()
    for start in range(0, count, 10_000):
        db.session.execute(insert(Signature), [
            {"public_id": f"p{n}", "share_code": f"s{n}", "campaign": STATE, "email": f"signer{n}@example.org",
             "email_canonical": f"signer{n}@example.org", "locale": "en", "status": CONFIRMED,
             "public_name": False, "letter_edited": False, "created_at": now, "confirmed_at": now,
             "fields": {"first_name": "Ann", "last_name": f"Name{n}", "country": "US"}}
            for n in range(start, min(count, start + 10_000))])
    db.session.commit()
    return [(str(i), e, f["last_name"]) for i, e, f in db.session.execute(
        db.select(Signature.id, Signature.email, Signature.fields).order_by(Signature.id))]


@pytest.mark.parametrize("backend_app", ["postgresql", "sqlite"], indirect=True)
def test_a_large_export_streams_in_flat_memory_and_reads_back_as_the_rows(backend_app, tmp_path):
    app = backend_app
    with app.app_context():
        expected = insert_many(ROWS)
    create_user(app, "org@example.org")
    app.test_cli_runner().invoke(args=["users", "grant", "org@example.org", STATE])
    client = app.test_client()
    login(client, "org@example.org")

    warm_up = client.get(f"/console/campaigns/{STATE}/export.csv?status=withdrawn", buffered=False)
    assert warm_up.get_data(as_text=True).count("\n") == 1  # the header: queries compiled, modules loaded
    tracemalloc.start()
    response = client.get(f"/console/campaigns/{STATE}/export.csv", buffered=False)
    assert response.is_streamed and response.mimetype == "text/csv"
    assert response.headers["X-Accel-Buffering"] == "no"  # nginx passes each part on as it comes
    size, early_peak = 0, None
    with open(tmp_path / "export.csv", "wb") as received:  # on disk, so the test holds no rows
        for chunk in response.response:  # a batch of lines each
            size += len(chunk)
            received.write(chunk)
            if early_peak is None and size > 550_000:  # about the first 5,000 rows
                early_peak = tracemalloc.get_traced_memory()[1]
    response.close()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    text = (tmp_path / "export.csv").read_text(encoding="utf-8-sig")
    assert size > 5_000_000
    assert peak < size / 3, (peak, size)
    assert peak - early_peak < size / 50, (early_peak, peak)  # flat: the last 45,000 rows added nothing
    table = list(csv.DictReader(io.StringIO(text)))
    assert [(row["id"], row["email"], row["last_name"]) for row in table] == expected
    with app.app_context():
        assert entries(STATE)[0].action == "signatures.export"


def test_the_export_is_refused_to_organizers_not_granted_the_campaign(app, client):
    create_user(app, "other@example.org")
    login(client, "other@example.org")
    assert client.get(f"/console/campaigns/{STATE}/export.csv").status_code == 403


def test_the_cli_export_shows_progress_on_standard_error_when_asked(app, tmp_path):
    with app.app_context():
        insert_many(3)
    runner = app.test_cli_runner()
    output = tmp_path / "out.csv"
    shown = runner.invoke(args=["signatures", "export", STATE, "-o", str(output), "--progress"])
    assert shown.exit_code == 0, shown.output
    assert "exporting" in shown.stderr and "exported 3 signatures" in shown.stderr
    assert len(output.read_text(encoding="utf-8-sig").splitlines()) == 4
    quiet = runner.invoke(args=["signatures", "export", STATE])
    assert "exporting" not in quiet.stderr and quiet.stdout.count("@example.org") == 3
