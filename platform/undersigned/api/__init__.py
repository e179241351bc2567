"""The public API, a core package of its own: open counts, OSDI read and write with tokens, and
their console page and commands. Each module adds its routes to :data:`bp`."""
from undersigned.api.blueprint import bp
from undersigned.api import counts, errors, openapi, osdi  # noqa: F401  (each module adds its routes to bp)

__all__ = ["bp"]
