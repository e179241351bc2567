"""``/unsubscribe/<token>``: a page with a button (GET), and the one-click POST of RFC 8058."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from undersigned.contract.state import registry_of
from undersigned.extensions import csrf
from undersigned.unsubscribe import service

bp = Blueprint("unsubscribe", __name__, template_folder="templates")
#: The body a mail client POSTs for ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``.
ONE_CLICK = "One-Click"


def _scope(token: str) -> tuple[str, str]:
    scope = service.read_token(token)
    if scope is None:
        abort(404)
    return scope


@bp.get("/unsubscribe/<token>")
def page(token: str):
    """Only shows the button: mail scanners follow links, and their GET must never unsubscribe."""
    _, slug = _scope(token)
    return render_template("unsubscribe/confirm.html", campaign=registry_of().get(slug), token=token)


# Exempt from CSRF because RFC 8058 requires it: the mail client POSTs ``List-Unsubscribe=One-Click``
# with no cookie and no form of ours, and the signed token in the address is the proof instead.
# The page's own button is checked for CSRF below, as every other form is.
@bp.post("/unsubscribe/<token>")
@csrf.exempt
def unsubscribe(token: str):
    if request.form.get("List-Unsubscribe") != ONE_CLICK:
        csrf.protect()
    mailbox_hash, slug = _scope(token)
    service.unsubscribe(mailbox_hash, slug)
    return render_template("unsubscribe/done.html", campaign=registry_of().get(slug))
