"""The API's answers when something is wrong: OSDI-style JSON, never a page, never a 5xx for what
a client sent. Each has a ``description`` and, for a body that fails validation, ``errors``: one
per field, naming it in ``properties``."""
from __future__ import annotations

from flask import Response, jsonify
from werkzeug.exceptions import HTTPException

from undersigned.api.blueprint import bp
from undersigned.security.limits import LimitExceeded

#: OSDI's error codes by status.
CODES = {400: "INVALID", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED",
         409: "CONFLICT", 413: "TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE", 429: "TOO_MANY_REQUESTS"}


class ApiError(Exception):
    """A request the API refuses with ``status``; ``problems`` maps a field to what is wrong with it."""

    def __init__(self, status: int, description: str, problems: dict[str, list[str]] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.problems = problems or {}


def error_response(status: int, description: str, problems: dict[str, list[str]] | None = None) -> Response:
    """The JSON answer for an error."""
    errors = [{"code": CODES.get(status, "ERROR"), "description": message, "properties": [name]}
              for name, messages in (problems or {}).items() for message in messages]
    response = jsonify({"response_code": status, "code": CODES.get(status, "ERROR"),
                        "description": description, "errors": errors})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(ApiError)
def api_error(error: ApiError) -> Response:
    return error_response(error.status, error.description, error.problems)


@bp.errorhandler(LimitExceeded)
def over_limit(error: LimitExceeded) -> Response:
    response = error_response(429, "Too many requests: try again after the Retry-After seconds.")
    response.headers["Retry-After"] = str(error.retry_after)
    return response


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    return error_response(error.code or 400, error.description or error.name)
