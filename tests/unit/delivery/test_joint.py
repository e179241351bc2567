"""The ``joint`` channel: approval, its letter page, and a co-signer is never "delivered" alone,
even when a plugin's joint channel mails the organizers (docs/plugins.md's example)."""
from __future__ import annotations

from tests.support.outbox import deliver, mails_to
from tests.support.plugins import AlertingPlugin
from tests.support.signing import SENATE_SIGNER
from tests.unit.delivery.conftest import record_delivered, sign_and_confirm
from undersigned.contract import hookimpl
from undersigned.delivery.joint import JointChannel


def test_a_joint_channel_that_mails_the_organizers_never_reports_a_co_signer_delivered(app):
    app.extensions["undersigned"].plugins.register(AlertingPlugin(), name="alerting")
    recorder = record_delivered(app)

    sign_and_confirm(app, "belarus_senate", **SENATE_SIGNER)
    deliver(app)
    [alert] = mails_to(app, "organizers@example.org")
    assert "Ada Lovelace waits for approval." in alert.get_body(("plain",)).get_content()
    assert recorder.delivered == []


def test_approving_needs_a_channel_that_approves_and_names_what_failed(app, runner):
    refused = runner.invoke(args=["signatures", "approve", "belarus_state_dept", "1"])
    assert refused.exit_code == 1 and "belarus_state_dept is not a joint letter" in refused.output

    sign_and_confirm(app, "belarus_senate", **SENATE_SIGNER)
    result = runner.invoke(args=["signatures", "approve", "belarus_senate", "1", "99"])
    assert result.exit_code == 1
    assert "1: done" in result.output
    assert "not approved (unknown, unconfirmed or already approved): 99" in result.output
    assert "Ada Lovelace" in app.test_client().get("/c/belarus_senate/letter").get_data(as_text=True)


def test_the_joint_letter_page_is_only_a_joint_campaigns(client):
    assert client.get("/c/belarus_senate/letter").status_code == 200
    assert client.get("/c/belarus_state_dept/letter").status_code == 404
    assert client.get("/c/no_such_campaign/letter").status_code == 404


class NoPreviewJointChannel(JointChannel):
    previews_signature_block = False


class NoPreviewPlugin:
    @hookimpl
    def undersigned_delivery_channel(self, name):
        return NoPreviewJointChannel() if name == "joint" else None


def test_the_capability_not_the_name_adds_the_supporters_block_to_the_preview(app, client):
    page = client.get("/c/belarus_senate").get_data(as_text=True)
    assert page.count('class="signature-block"') == 1  # the supporter's own, previewed

    app.extensions["undersigned"].plugins.register(NoPreviewPlugin(), name="no-preview")
    page = client.get("/c/belarus_senate").get_data(as_text=True)
    assert page.count('class="signature-block"') == 0
