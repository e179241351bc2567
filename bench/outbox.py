"""Benchmark: outbox throughput to a local SMTP sink, beside a bare ``smtplib`` loop over one
connection that builds and sends the same messages, measured in the same run (issue 23's goal:
at least 0.6 of it). The bare loop reads the rows before its clock starts; the worker claims,
renders, builds, sends and records each one.

Run with ``.venv/bin/python bench/outbox.py``. ``BENCH_DATABASE_URL`` picks the database
(default: a temporary SQLite file); ``BENCH_MESSAGES`` the number of messages (default 2000).
"""
from __future__ import annotations

import os
import smtplib
import socket
import sys
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from undersigned import create_app  # noqa: E402
from undersigned.extensions import db  # noqa: E402
from undersigned.mail.models import OutboxMessage  # noqa: E402
from undersigned.mail.transports import sender_address, wire_bytes  # noqa: E402
from undersigned.mail.worker import deliver_due  # noqa: E402


class Sink:
    """Accepts and forgets every message."""

    received = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        Sink.received += 1
        return "250 OK"


def queue(count: int) -> None:
    db.session.execute(OutboxMessage.__table__.delete())
    db.session.add_all(OutboxMessage(kind="confirm", to_address=f"reader{n}@example.org", subject=f"Message {n}",
                                     body_text=f"Please confirm your signature: https://sign.example.org/c/x/{n}\n" * 5,
                                     language="en") for n in range(count))
    db.session.commit()


def bare_loop(app, port: int, count: int) -> tuple[float, float]:
    """Messages a second over one connection, nothing else: building and sending the same
    messages, and sending bytes built beforehand."""
    messages = db.session.query(OutboxMessage).all()
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for message in messages:
            smtp.sendmail(sender_address(app), [message.to_address], wire_bytes(app, message))
    building = count / (time.perf_counter() - started)
    data = [(message.to_address, wire_bytes(app, message)) for message in messages]
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for to, payload in data:
            smtp.sendmail(sender_address(app), [to], payload)
    return building, count / (time.perf_counter() - started)


def outbox(app, count: int) -> float:
    """Messages a second through the worker: claim, build, send, record, in batches."""
    started = time.perf_counter()
    sent = 0
    while sent < count:
        sent += deliver_due(app)
    return count / (time.perf_counter() - started)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="undersigned-bench-"))
    os.environ["FLASK_INSTANCE_PATH"] = str(folder)
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    count = int(os.environ.get("BENCH_MESSAGES", "2000"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Controller(Sink(), hostname="127.0.0.1", port=port)
    sink.start()
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "MAIL_TRANSPORT": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
                      "CAMPAIGNS_FOLDER": str(Path(__file__).resolve().parents[1] / "campaigns")})
    try:
        with app.app_context():
            db.drop_all()
            db.create_all()
            queue(count)
            bare, bytes_only = bare_loop(app, port, count)
            worker = outbox(app, count)
            db.session.remove()  # PostgreSQL: the session's open read would block the DROP
            db.drop_all()
    finally:
        sink.stop()
    print(f"{'database':24} {url.split(':')[0]}")
    print(f"{'messages':24} {count}")
    print(f"{'bare loop, sending only':24} {bytes_only:8.0f} messages/s")
    print(f"{'bare smtplib loop':24} {bare:8.0f} messages/s")
    print(f"{'outbox worker':24} {worker:8.0f} messages/s")
    print(f"{'ratio (goal >= 0.6)':24} {worker / bare:8.2f}")


if __name__ == "__main__":
    main()
