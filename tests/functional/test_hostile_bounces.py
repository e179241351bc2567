"""Hostile or broken returned mail, through the Maildir and the endpoint: garbage, huge, wrong
encodings, missing parts, deep nesting, with a real return path or a forged one (a broken bounce
that still reads as one is no attack when it names its own message: here those name another's, with
a wrong check, as a hostile sender would). None raises, none records or suppresses anything, and
every message is still moved aside."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import use_smtp
from tests.support.bounces import BOUNCE_SETTINGS, deliver_to, events_auth, maildir, sample
from tests.support.outbox import deliver
from tests.support.signing import STATE_DEPT_SIGNER, sign
from undersigned.bounces.maildir import MAX_MESSAGE_BYTES
from undersigned.extensions import db
from undersigned.suppression.models import Bounce, Suppression

SLUG = "belarus_state_dept"
pytestmark = pytest.mark.config(**BOUNCE_SETTINGS)


def hostile_messages(return_path: str) -> dict[str, bytes]:
    local, _, domain = return_path.partition("@")
    forged = f"{local[:-1]}{'1' if local.endswith('0') else '0'}@{domain}"
    real = sample("dsn-postfix-unknown-user.eml", return_path=forged, recipient="jane@example.org")
    head, _, _rest = real.partition(b"--4QvS1x0Z3Cz9sWN.1764842537/mx.letters.example\r\nContent-Description: Delivery")
    nested = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (n, n) for n in range(3000))
    return {
        "garbage": bytes(range(256)) * 40,
        "empty": b"",
        "huge": b"X-Pad: " + b"a" * (MAX_MESSAGE_BYTES + 10),
        "latin-1 and a charset that does not exist": real.replace(b"I'm sorry", "Désolé \xff".encode("latin-1"))
        .replace(b"charset=us-ascii", b"charset=x-no-such-charset"),
        "base64 that is not": real.replace(b"Content-Type: message/delivery-status\r\n",
                                           b"Content-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n"),
        "no delivery-status part": head + b"--4QvS1x0Z3Cz9sWN.1764842537/mx.letters.example--\r\n",
        "boundary never closed": real.rsplit(b"--4QvS1x0Z3Cz9sWN", 1)[0],
        "utf-16": real.decode().encode("utf-16"),
        "a report with no fields": (b"To: " + return_path.encode() + b"\r\nContent-Type: multipart/report; "
                                    b"report-type=feedback-report; boundary=x\r\n\r\n--x\r\nContent-Type: "
                                    b"message/feedback-report\r\n\r\n\r\n--x--\r\n"),
        "not spam": sample("arf-abuse.eml", return_path=return_path, recipient="jane@example.org")
        .replace(b"Feedback-Type: abuse", b"Feedback-Type: not-spam"),
        "nested three thousand deep": b"To: " + return_path.encode() + b"\r\n" + nested,
        "header without end": b"Subject: " + b"=?utf-8?b?" + b"A" * 5000,
    }


def test_hostile_returned_mail_never_raises_and_never_suppresses(app, smtp_server, tmp_path):
    use_smtp(app, smtp_server)
    client = app.test_client()
    assert sign(client, app, SLUG, **dict(STATE_DEPT_SIGNER, email="jane@example.org")).status_code == 302
    assert deliver(app) == 1
    messages = hostile_messages(smtp_server.senders[-1])
    box = maildir(tmp_path)
    for number, data in enumerate(messages.values()):
        deliver_to(box, f"{number}.hostile", data)
    result = app.test_cli_runner().invoke(args=["mail", "bounces", "--maildir", str(box)])
    assert result.exit_code == 0, result.output
    assert not list((box / "new").iterdir()) and len(list((box / "cur").iterdir())) == len(messages)
    assert "recorded" not in result.output

    for name, data in messages.items():
        answer = client.post("/mail/events/raw", data=data, headers=events_auth())
        assert answer.status_code in (200, 413), name
        assert "recorded" not in (answer.get_json() or {}), name
    for service in ("ses", "mailgun"):
        for body in (b"", b"\xff\xfe", b"[1, 2]", b'{"Type": "Notification", "Message": "{"}', b"[" * 100000,
                     b'{"notificationType": "Bounce", "bounce": {"bouncedRecipients": "everyone"}, "mail": 7}',
                     b'{"event-data": {"event": "failed", "message": [], "envelope": "x"}}'):
            answer = client.post(f"/mail/events/{service}", data=body, headers=events_auth())
            assert answer.status_code in (200, 400), (service, body[:30])
            assert "recorded" not in (answer.get_json() or {})

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Bounce)) == 0
        assert db.session.scalar(select(func.count()).select_from(Suppression)) == 0
