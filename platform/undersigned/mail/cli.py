"""``flask outbox ...``: run the worker and look at the queue."""
from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from undersigned.extensions import db
from undersigned.mail import worker
from undersigned.mail.models import OutboxMessage

outbox_cli = AppGroup("outbox", help="The e-mail outbox.")


@outbox_cli.command("work")
@click.option("--once", is_flag=True, help="Send one batch of due messages and exit.")
def work_command(once: bool) -> None:
    """Send queued e-mail; run as many of these processes as needed."""
    app = current_app._get_current_object()
    if once:
        click.echo(f"sent {worker.deliver_due(app)}")
        return
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    click.echo("outbox worker running; Ctrl+C to stop")
    worker.run(app, stop)


@outbox_cli.command("status")
def status_command() -> None:
    """How many messages are queued, sent and failed."""
    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    counts = dict(rows.all())
    for status in ("queued", "sent", "failed"):
        click.echo(f"{status:7} {counts.get(status, 0)}")
