"""Reading returned mail as servers and services write it: what failed, how badly, and which
return path it came back to."""
from __future__ import annotations

import io
import json
import logging

import pytest

from tests.support.bounces import sample
from undersigned.bounces import notifications, reports, sns

PATH = "bounces+7.0123456789abcdef@letters.example"


def read(name: str) -> reports.Returned:
    return reports.read(sample(name, return_path=PATH, recipient="jane@example.org"), "maildir")


def test_an_unknown_mailbox_is_a_permanent_bounce_named_by_its_return_path():
    returned = read("dsn-postfix-unknown-user.eml")
    assert returned.report.kind == "bounce" and returned.report.permanent and returned.report.status == "5.1.1"
    assert "jane@example.org" not in returned.report.diagnostic and "<address>" in returned.report.diagnostic
    assert PATH in returned.return_paths


def test_a_full_mailbox_is_soft_and_a_delay_is_no_bounce():
    full = read("dsn-exim-mailbox-full.eml")
    assert full.report.kind == "bounce" and not full.report.permanent and full.report.status == "5.2.2"
    assert read("dsn-postfix-delayed.eml").report is None


def test_an_abuse_report_is_a_complaint_and_not_spam_is_none():
    complaint = read("arf-abuse.eml")
    assert complaint.report.kind == "complaint" and complaint.report.status == "abuse"
    assert PATH in complaint.return_paths  # Original-Mail-From and the original's Return-Path
    not_spam = sample("arf-abuse.eml", return_path=PATH, recipient="j@example.org").replace(b"abuse", b"not-spam")
    assert reports.read(not_spam, "maildir").report is None


def test_ses_and_mailgun_notifications_name_the_recipient_the_return_path_and_the_message_id():
    [bounce] = notifications.ses(sample("ses-bounce.json", return_path=PATH, recipient="jane@example.org",
                                        message_id="<outbox.7.20261204100215@letters.example>"))
    assert (bounce.kind, bounce.permanent, bounce.status, bounce.recipient, bounce.return_path, bounce.message_id) == \
        ("bounce", True, "5.1.1", "jane@example.org", PATH, "<outbox.7.20261204100215@letters.example>")
    [complaint] = notifications.ses(sample("ses-complaint.json", return_path=PATH, recipient="jane@example.org"))
    assert complaint.kind == "complaint" and complaint.status == "abuse"
    [failed] = notifications.mailgun(sample("mailgun-failed.json", return_path=PATH, recipient="jane@example.org",
                                            message_id="<outbox.7.1@letters.example>"))
    assert (failed.kind, failed.permanent, failed.status, failed.message_id) == \
        ("bounce", True, "5.1.1", "outbox.7.1@letters.example")


SUBSCRIBE_URL = "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=abc"


def subscription_request(url: str) -> bytes:
    return json.dumps({"Type": "SubscriptionConfirmation", "TopicArn": "arn:aws:sns:eu-west-1:1:t",
                       "SubscribeURL": url}).encode()


def test_an_sns_subscription_request_is_confirmed_at_amazon_and_its_token_never_logged(caplog, monkeypatch):
    opened = []
    monkeypatch.setattr(sns.urllib.request, "urlopen", lambda url, timeout: opened.append(url) or io.BytesIO(b"ok"))
    with caplog.at_level(logging.INFO):
        assert notifications.ses(subscription_request(SUBSCRIBE_URL)) == []
    assert opened == [SUBSCRIBE_URL]
    assert "Confirmed the subscription to topic arn:aws:sns:eu-west-1:1:t" in caplog.text
    assert "Token=abc" not in caplog.text


@pytest.mark.parametrize("url", ["https://sns.eu-west-1.amazonaws.com.attacker.example/?Token=abc",
                                 "http://sns.eu-west-1.amazonaws.com/?Token=abc",
                                 "https://sns.eu-west-1.amazonaws.com:8443/?Token=abc",
                                 "https://127.0.0.1/?Token=abc", "file:///etc/passwd"])
def test_a_confirmation_address_that_is_not_amazons_is_never_opened(url, caplog, monkeypatch):
    opened = []
    monkeypatch.setattr(sns.urllib.request, "urlopen", lambda url, timeout: opened.append(url))
    with caplog.at_level(logging.INFO):
        assert notifications.ses(subscription_request(url)) == []
    assert opened == [] and "not Amazon SNS's: ignored" in caplog.text and "Token=abc" not in caplog.text


def test_a_confirmation_that_cannot_reach_amazon_says_so_without_the_token(caplog, monkeypatch):
    def unreachable(url, timeout):
        raise OSError("network is unreachable")
    monkeypatch.setattr(sns.urllib.request, "urlopen", unreachable)
    with caplog.at_level(logging.INFO):
        assert notifications.ses(subscription_request(SUBSCRIBE_URL)) == []
    assert "Could not confirm the subscription to topic arn:aws:sns:eu-west-1:1:t" in caplog.text
    assert "Token=abc" not in caplog.text
