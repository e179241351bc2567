"""URL parts that cannot reach the database as something it refuses: an ``<int:...>`` beyond
what an id column holds, or a part with a NUL byte, matches no route (a 404) instead of an error."""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, UnicodeConverter

#: The largest value of an SQL ``INTEGER`` (ids, counts) on PostgreSQL.
LARGEST_ID = 2_147_483_647


class BoundedInteger(IntegerConverter):
    """``<int:...>``: a whole number no larger than an id column holds."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = LARGEST_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class PlainString(UnicodeConverter):
    """``<name>``: a path part without a NUL byte (PostgreSQL refuses one in any text)."""

    def __init__(self, map, minlength: int = 1, maxlength: int | None = None, length: int | None = None) -> None:
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", "[^/\x00]")


def configure_routing(app: Flask) -> None:
    """Use the bounded converters for every route (before any route is added)."""
    app.url_map.converters.update({"int": BoundedInteger, "default": PlainString, "string": PlainString})
