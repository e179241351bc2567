"""The debug-only mailbox page: read what the ``mailbox`` transport wrote. Never registered
outside debug mode."""
from __future__ import annotations

import email
from email import policy
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template

bp = Blueprint("mailbox", __name__, url_prefix="/_mailbox", template_folder="templates")


def _folder() -> Path:
    return Path(current_app.config["MAILBOX_FOLDER"])


@bp.get("/")
def index():
    files = sorted(_folder().glob("*.eml"), reverse=True) if _folder().is_dir() else []
    messages = [(path.stem, _read(path)) for path in files[:200]]
    return render_template("mailbox/index.html", messages=messages)


@bp.get("/<name>")
def show(name: str):
    path = _folder() / f"{name}.eml"
    if "/" in name or not path.is_file():
        abort(404)
    message = _read(path)
    body = message.get_body(preferencelist=("plain",))
    return render_template("mailbox/show.html", message=message,
                           body=body.get_content() if body else "")


def _read(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)
