"""The language switcher: remembers the choice in a cookie, then opens the page in it."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request

from undersigned.i18n.locale import COOKIE
from undersigned.urls import safe_next

bp = Blueprint("i18n", __name__)
ONE_YEAR = 365 * 24 * 3600


@bp.get("/language/<code>")
def switch(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(safe_next(request.args.get("next"), "/"))
    response.set_cookie(COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
