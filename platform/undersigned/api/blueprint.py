"""The public API's blueprint: open counts (``/c/<slug>.json``) and OSDI (``/api/v1/...``).

Its answers are JSON, never a page: errors come back as OSDI-style JSON too, and it is exempt from
the forms' CSRF check since a request is authenticated by its ``OSDI-API-Token``, not a cookie."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__)
