"""Pages of a console list: :data:`PAGE_SIZE` rows at a time with the list's total, and the
query arguments that open the page before and the page after, keeping the list's filters
(templates/_pager.html draws them).

Two ways to page, as the data allows, each reading only the page's rows by an indexed query:
by place (``page=N``, for lists in any order: LIMIT and OFFSET) and by key (``before=`` or
``after=`` an id, for long lists in id order: as quick on the thousandth page as on the
first)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Generic, Mapping, Sequence, TypeVar

from flask import Flask, request, url_for
from sqlalchemy import ColumnElement, Select, func, select

from undersigned.extensions import db
from undersigned.security.routing import LARGEST_ID

#: Rows a console list shows at a time.
PAGE_SIZE = 50

Row = TypeVar("Row")
Other = TypeVar("Other")
#: Query arguments to set on the current address (``None`` removes one).
Arguments = Mapping[str, Any]


@dataclass(frozen=True)
class Page(Generic[Row]):
    """One page of a list. ``previous`` and ``next`` are the query arguments that open the pages
    either side (``None``: there is none); ``number`` is set on pages counted by place."""

    rows: list[Row]
    total: int
    size: int = PAGE_SIZE
    previous: Arguments | None = None
    next: Arguments | None = None
    number: int | None = None
    #: The query argument holding the page's number (two lists on one page use two).
    argument: str = field(default="page")

    @property
    def pages(self) -> int:
        """How many pages the list fills (at least one)."""
        return max(1, math.ceil(self.total / self.size))

    def map(self, convert: Callable[[list[Row]], list[Other]]) -> Page[Other]:
        """The same page with its rows converted (all at once, so one query can serve them)."""
        return replace(self, rows=convert(self.rows))  # type: ignore[return-value]


def page_url(arguments: Arguments, endpoint: str | None = None, values: Arguments | None = None,
             anchor: str | None = None) -> str:
    """The current address with its query arguments changed by ``arguments``: the filters
    stay, ``None`` drops an argument. A page drawn in answer to a form names the list's own
    ``endpoint`` and its ``values`` (path parts and the filters the form carried)."""
    address: dict[str, Any] = dict(request.view_args or {}) if endpoint is None else {}
    address.update({name: request.args.getlist(name) for name in request.args})
    for name, value in {**(values or {}), **arguments}.items():
        address.pop(name, None)
        if value is not None:
            address[name] = value
    if anchor:
        address["_anchor"] = anchor
    return url_for(endpoint or request.endpoint, **address)


def configure_paging(app: Flask) -> None:
    """Let templates draw the links to a list's pages (``_pager.html``)."""
    app.jinja_env.globals["page_url"] = page_url


def whole_number(argument: str) -> int | None:
    """The query argument ``argument`` if it is a whole number an id column holds (from 1)."""
    value = request.args.get(argument, "")
    return int(value) if value.isdigit() and 0 < int(value) <= LARGEST_ID else None


def page_number(argument: str = "page") -> int:
    """The page asked for in the query argument ``argument``: a whole number from 1, else 1."""
    return whole_number(argument) or 1


def by_place(query: Select, *, total: int | None = None, argument: str = "page",
             size: int = PAGE_SIZE) -> Page:
    """The page of ``query`` (in its own order) that ``argument`` asks for, by LIMIT and OFFSET;
    a page past the end shows the last one. ``total``: the rows the query finds, if known
    (counted otherwise)."""
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    number = min(page_number(argument), max(1, math.ceil(total / size)))
    return _numbered(_rows(query.limit(size).offset((number - 1) * size)), total, size, number, argument)


def of_list(items: Sequence[Row], *, argument: str = "page", number: int | None = None,
            size: int = PAGE_SIZE) -> Page[Row]:
    """The page of ``items`` (a list already in hand, such as a catalog's entries) that
    ``argument`` asks for, or page ``number`` (a form sent back with the page it came from)."""
    total = len(items)
    number = min(number or page_number(argument), max(1, math.ceil(total / size)))
    return _numbered(list(items[(number - 1) * size:number * size]), total, size, number, argument)


def by_key(query: Select, key: ColumnElement[int], *, total: int, descending: bool = True,
           size: int = PAGE_SIZE) -> Page:
    """The page of ``query`` in the order of ``key`` (a unique whole-number column, such as an
    id, indexed with the query's filters; the newest first when ``descending``) that the
    arguments ``before`` and ``after`` (a key) ask for. Going back past the first page shows
    the first page."""
    before, after = whole_number("before"), whole_number("after")
    forward, backward = ("before", "after") if descending else ("after", "before")
    onward_from, back_from = (before, after) if descending else (after, before)

    def onward(value: int) -> ColumnElement[bool]:  # further along the list than ``value``
        return key < value if descending else key > value

    def back(value: int) -> ColumnElement[bool]:
        return key > value if descending else key < value

    def exists(condition: ColumnElement[bool]) -> bool:
        return db.session.scalar(select(query.where(condition).exists())) or False

    name = key.key
    rows: list | None = None
    if back_from is not None:
        found = _rows(query.where(back(back_from)).order_by(key.asc() if descending else key.desc())
                      .limit(size + 1))
        if len(found) > size:
            rows, earlier = found[:size][::-1], True
    if rows is None:  # from the start, or onward from a key
        ordered = query.order_by(key.desc() if descending else key.asc())
        found = _rows(ordered.where(onward(onward_from)).limit(size + 1)) if onward_from is not None else []
        if not found:
            found, onward_from = _rows(ordered.limit(size + 1)), None
        rows = found[:size]
        earlier = onward_from is not None and bool(rows) and exists(back(getattr(rows[0], name)))
        later = len(found) > size
    else:
        later = exists(onward(getattr(rows[-1], name)))
    return Page(rows, total, size,
                previous={backward: getattr(rows[0], name), forward: None} if earlier else None,
                next={forward: getattr(rows[-1], name), backward: None} if later else None)


def _numbered(rows: list[Row], total: int, size: int, number: int, argument: str) -> Page[Row]:
    """Page ``number`` of a list paged by place, holding ``rows``, with the links either side
    (page 1 is the address without ``argument``)."""
    return Page(rows, total, size, number=number, argument=argument,
                previous={argument: number - 1 if number > 2 else None} if number > 1 else None,
                next={argument: number + 1} if number * size < total else None)


def _rows(query: Select) -> list:
    """The rows of ``query``: its objects when it selects one thing, else its tuples."""
    if len(query.column_descriptions) == 1:
        return list(db.session.scalars(query))
    return list(db.session.execute(query).all())
