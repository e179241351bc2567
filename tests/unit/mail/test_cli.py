"""``flask outbox status`` and ``work`` (mail.cli)."""
from __future__ import annotations

from tests.support.signing import STATE_DEPT_SIGNER, sign


def test_outbox_cli_reports_the_queue(app, client, runner):
    sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    assert "queued  1" in runner.invoke(args=["outbox", "status"]).output
    assert "sent 1" in runner.invoke(args=["outbox", "work", "--once"]).output
    assert "sent    1" in runner.invoke(args=["outbox", "status"]).output
