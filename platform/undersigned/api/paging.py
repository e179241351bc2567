"""OSDI paging and filtering of a collection: ``page``, ``per_page`` (up to 100), and
``filter=modified_date gt '2026-01-01T00:00:00Z'`` (or ``lt``), read from the query string."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from flask import request, url_for

from undersigned.api.errors import ApiError

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
FILTER = re.compile(r"^\s*modified_date\s+(gt|lt)\s+'([^']{1,40})'\s*$")


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int
    #: ``("gt" or "lt", a naive UTC time)``, or ``None`` for no filter.
    modified: tuple[str, dt.datetime] | None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def requested_paging() -> Paging:
    """The request's paging; a 400 naming the parameter for a value that makes no sense."""
    page = _whole("page", 1, 1, 10**6)
    per_page = _whole("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    text = request.args.get("filter")
    modified = None
    if text:
        match = FILTER.match(text)
        moment = _moment(match.group(2)) if match else None
        if moment is None:
            raise ApiError(400, "The filter must read: modified_date gt '2026-01-31T00:00:00Z' (or lt).",
                           {"filter": ["Not understood."]})
        modified = (match.group(1), moment)
    return Paging(page, per_page, modified)


def _whole(name: str, default: int, least: int, most: int) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    if not text.isascii() or not text.isdigit() or not least <= int(text) <= most:
        raise ApiError(400, f"{name} must be a whole number from {least} to {most}.",
                       {name: [f"A whole number from {least} to {most}."]})
    return int(text)


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment


def collection(name: str, items: list[dict[str, Any]], paging: Paging, total: int, endpoint: str,
               **values: Any) -> dict[str, Any]:
    """A HAL collection of ``items`` (one page of ``total``) with OSDI's paging fields and links."""
    pages = max(1, -(-total // paging.per_page))
    query = {"per_page": paging.per_page, **({"filter": request.args["filter"]} if paging.modified else {})}
    links = {"self": {"href": url_for(endpoint, _external=True, page=paging.page, **query, **values)}}
    if paging.page < pages:
        links["next"] = {"href": url_for(endpoint, _external=True, page=paging.page + 1, **query, **values)}
    if paging.page > 1:
        links["prev"] = {"href": url_for(endpoint, _external=True, page=paging.page - 1, **query, **values)}
    return {"total_pages": pages, "per_page": paging.per_page, "page": paging.page, "total_records": total,
            "_links": links, "_embedded": {name: items}}
