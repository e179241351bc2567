"""The debug mailbox page (mail.views): shows what the mailbox transport wrote, only in debug."""
from __future__ import annotations

from tests.support.signing import STATE_DEPT_SIGNER, sign
from undersigned.mail import worker


def test_mailbox_transport_writes_files_the_debug_page_shows(tmp_path, monkeypatch):
    from tests.conftest import make_app

    app = make_app(tmp_path, monkeypatch, DEBUG=True)
    client = app.test_client()
    sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    with app.app_context():
        assert worker.deliver_due(app) == 1
    assert len(list((tmp_path / "mailbox").glob("*.eml"))) == 1
    index = client.get("/_mailbox/").get_data(as_text=True)
    assert "Please confirm your signature" in index
    name = next((tmp_path / "mailbox").glob("*.eml")).stem
    assert "/c/belarus_state_dept/confirm/" in client.get(f"/_mailbox/{name}").get_data(as_text=True)


def test_the_mailbox_page_does_not_exist_outside_debug(client):
    assert client.get("/_mailbox/").status_code == 404
