"""A captcha provider from a plugin outside the core, with its own route and template, used to
sign and confirm end to end; the core never learns its name."""
from __future__ import annotations

import email
import email.policy
import re
import uuid
from pathlib import Path

from tests.conftest import make_app
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, link_in
from undersigned.mail.worker import deliver_due

SLUG = "belarus_state_dept"

PLUGIN = '''\
"""A sum to work out: the question is served by the provider's own route."""
import secrets

from flask import Blueprint, Response, abort
from itsdangerous import TimestampSigner

from undersigned.captcha.base import mark_used, read_signed
from undersigned.contract import CaptchaProvider
from undersigned.captcha.providers import current_provider
from undersigned.contract import hookimpl

bp = Blueprint("{name}", __name__, template_folder="templates")


class SumCaptcha(CaptchaProvider):
    name = "sum"
    template = "{name}/question.html"
    blueprint = bp
    failure_message = "That sum is not right. Please work out the new one."

    def __init__(self, app):
        self.signer = TimestampSigner(app.config["SECRET_KEY"], salt="{name}")

    def challenge(self):
        a, b = secrets.randbelow(50), secrets.randbelow(50)
        return {{"token": self.signer.sign(f"{{secrets.token_hex(6)}}-{{a}}-{{b}}").decode()}}

    def terms(self, token):
        challenge_id = read_signed(self.signer, token, 600)
        return None if challenge_id is None else [int(n) for n in challenge_id.split("-")[1:]]

    def verify(self, form):
        challenge_id = read_signed(self.signer, form.get("captcha_token", ""), 600)
        if challenge_id is None or not mark_used(f"sum:{{challenge_id}}", 600):
            return False
        a, b = [int(n) for n in challenge_id.split("-")[1:]]
        return form.get("captcha_answer", "").strip() == str(a + b)


@bp.get("/sum/<token>.txt")
def question(token):
    terms = current_provider().terms(token)
    if terms is None:
        abort(404)
    return Response(f"What is {{terms[0]}} plus {{terms[1]}}?", mimetype="text/plain")


@hookimpl
def undersigned_captcha_provider(name, app):
    return SumCaptcha(app) if name == "sum" else None
'''

TEMPLATE = '''\
<fieldset class="captcha">
  <legend>A small sum</legend>
  <input type="hidden" name="captcha_token" value="{{ challenge.token }}">
  <p><a id="sum-question" href="{{ url_for('NAME.question', token=challenge.token) }}">Read the question</a></p>
  <label for="captcha_answer">Answer</label>
  <input id="captcha_answer" name="captcha_answer" inputmode="numeric" required>
</fieldset>
'''


def plugin_app(tmp_path, monkeypatch):
    name = f"sum_captcha_{uuid.uuid4().hex[:8]}"
    plugin = tmp_path / "plugins" / name
    (plugin / "templates" / name).mkdir(parents=True)
    (plugin / "__init__.py").write_text(PLUGIN.format(name=name))
    (plugin / "templates" / name / "question.html").write_text(TEMPLATE.replace("NAME", name))
    return make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(plugin.parent), CAPTCHA_PROVIDER="sum")


def solve(client, html: str) -> tuple[dict[str, str], str]:
    inputs = form_inputs(html)
    link = re.search(r'id="sum-question" href="([^"]+)"', html).group(1)
    assert link == f"/captcha/sum/{inputs['captcha_token']}.txt"
    question = client.get(link).get_data(as_text=True)
    a, b = map(int, re.fullmatch(r"What is (\d+) plus (\d+)\?", question).groups())
    return inputs, str(a + b)


def test_a_plugin_provider_with_its_own_route_signs_and_confirms_end_to_end(tmp_path, monkeypatch):
    app = plugin_app(tmp_path, monkeypatch)
    client = app.test_client()
    inputs, answer = solve(client, client.get(f"/c/{SLUG}").get_data(as_text=True))

    wrong = client.post(f"/c/{SLUG}", data=dict(STATE_DEPT_SIGNER, csrf_token=inputs.get("csrf_token"),
                                                captcha_token=inputs["captcha_token"], captcha_answer="-1"))
    assert wrong.status_code == 400
    html = wrong.get_data(as_text=True)
    assert "That sum is not right. Please work out the new one." in html and 'value="Jane"' in html

    inputs, answer = solve(client, html)
    signed = client.post(f"/c/{SLUG}", data=dict(STATE_DEPT_SIGNER, csrf_token=inputs.get("csrf_token"),
                                                 captcha_token=inputs["captcha_token"], captcha_answer=answer))
    assert signed.status_code == 302 and signed.headers["Location"].endswith("/check-email")
    with app.app_context():
        assert deliver_due(app) == 1
    [path] = Path(app.config["MAILBOX_FOLDER"]).glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    confirm = link_in(message.get_body(("plain",)).get_content()).replace("http://undersigned.test", "")
    page = client.get(confirm)
    token = form_inputs(page.get_data(as_text=True))["csrf_token"]
    confirmed = client.post(confirm, data={"csrf_token": token})
    assert confirmed.status_code == 302 and "/thanks/" in confirmed.headers["Location"]


def test_the_plugin_route_refuses_a_forged_token_and_the_core_routes_are_absent(tmp_path, monkeypatch):
    client = plugin_app(tmp_path, monkeypatch).test_client()
    assert client.get("/captcha/sum/forged.txt").status_code == 404
    assert client.get("/captcha/anything.png").status_code == 404
