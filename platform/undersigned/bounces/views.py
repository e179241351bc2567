"""``POST /mail/events/<format>``: a mail service's bounce and complaint notifications, behind
``MAIL_EVENTS_SECRET`` (sent as the password of HTTP Basic authentication, which every service
can put in the address it posts to: ``https://events:SECRET@sign.example.org/mail/events/ses``).

``<format>`` is one of :data:`undersigned.bounces.notifications.FORMATS`, or ``raw``: one bounce or
complaint message as a mail server wrote it (a mail server piping the bounce address to ``curl``).
The answer counts what came of each report; a body that cannot be read is a 400, never an error.
"""
from __future__ import annotations

import hmac
from collections import Counter

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask.blueprints import BlueprintSetupState

from undersigned.bounces import intake
from undersigned.bounces.notifications import FORMATS
from undersigned.extensions import csrf

bp = Blueprint("mail_events", __name__)
RAW = "raw"
#: The shortest ``MAIL_EVENTS_SECRET`` accepted.
MIN_SECRET_LENGTH = 32
#: A notification may carry the original message's headers: more than a form's 64 KiB.
MAX_BODY = 1024 * 1024


@bp.record_once
def _refuse_a_short_secret(state: BlueprintSetupState) -> None:
    secret = state.app.config["MAIL_EVENTS_SECRET"]
    if secret is not None and len(str(secret)) < MIN_SECRET_LENGTH:
        raise RuntimeError(f"MAIL_EVENTS_SECRET is too short: use at least {MIN_SECRET_LENGTH} random characters "
                           "(python -c 'import secrets; print(secrets.token_urlsafe(32))')")


@bp.post("/mail/events/<name>")
@csrf.exempt  # a service posts here, authenticated by the secret, never a browser
def receive(name: str):
    secret = current_app.config["MAIL_EVENTS_SECRET"]
    if not secret or (name != RAW and name not in FORMATS):
        abort(404)
    sent = (request.authorization.password or "") if request.authorization else ""
    if not hmac.compare_digest(sent.encode(), str(secret).encode()):
        return Response("authentication required\n", 401, {"WWW-Authenticate": 'Basic realm="mail events"'})
    app, body, source = current_app._get_current_object(), request.get_data(cache=False), f"http:{name}"
    if name == RAW:
        return jsonify(Counter([intake.take_message(app, body, source)]))
    try:
        notifications = FORMATS[name](body)
    except ValueError as exc:
        return jsonify(error=str(exc)), 400
    return jsonify(Counter(intake.take_notification(app, note, source) for note in notifications))


receive.max_content_length = MAX_BODY
