"""``flask outbox ...``: run the worker, look at the queue, requeue dead mail, purge old bodies."""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

import click
from flask import current_app
from flask.cli import AppGroup

from undersigned.extensions import db
from undersigned.mail import queue, worker

outbox_cli = AppGroup("outbox", help="The e-mail outbox.")


@outbox_cli.command("work")
@click.option("--once", is_flag=True, help="Send one batch of due messages and exit.")
def work_command(once: bool) -> None:
    """Send queued e-mail; run as many of these processes as needed (PostgreSQL; one on SQLite).

    SIGTERM or Ctrl+C: the message in hand is finished, the rest of the batch released."""
    app = current_app._get_current_object()
    with _stop_on_signals() as stop:
        if once:
            click.echo(f"sent {worker.deliver_due(app, stop=stop)}")
            return
        click.echo("outbox worker running; Ctrl+C to stop")
        worker.run(app, stop)
    click.echo("outbox worker stopped")


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGTERM or SIGINT while inside; the previous handlers come back after."""
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@outbox_cli.command("status")
def status_command() -> None:
    """How many messages are queued, sent, dead and withheld; then each dead message and why."""
    names = {"queued": "queued", "sent": "sent", "failed": "dead", "withheld": "withheld"}
    for status, count in queue.counts().items():
        click.echo(f"{names[status]:7} {count}")
    for message in db.session.scalars(queue.dead()):
        click.echo(f"dead #{message.id} {message.kind} {message.campaign or '-'} "
                   f"attempts={message.attempts} created={message.created_at:%Y-%m-%d %H:%M}: "
                   f"{message.last_error or 'no error recorded'}")


@outbox_cli.command("retry")
@click.argument("ids", nargs=-1, type=int)
def retry_command(ids: tuple[int, ...]) -> None:
    """Queue dead messages again: those numbered IDS, or every dead message."""
    click.echo(f"requeued {queue.requeue(ids)}")


@outbox_cli.command("purge")
@click.option("--days", type=float, default=None,
              help="Clear messages sent more than this many days ago (default OUTBOX_PURGE_DAYS).")
def purge_command(days: float | None) -> None:
    """Clear the address and body of old sent messages, keeping the delivery log; run daily."""
    days = current_app.config["OUTBOX_PURGE_DAYS"] if days is None else days
    click.echo(f"purged {queue.purge(days)}")
