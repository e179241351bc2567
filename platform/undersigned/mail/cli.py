"""``flask outbox ...``: run the worker and look at the queue."""
from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from undersigned.mail import worker
from undersigned.mail.outbox import status_counts

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
    counts = status_counts()
    for status in ("queued", "sent", "failed"):
        click.echo(f"{status:7} {counts.get(status, 0)}")
