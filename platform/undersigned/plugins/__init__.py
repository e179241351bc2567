"""The plugin contract (``hookspecs``), the per-app plugin manager and the core's default
hook implementations."""
from undersigned.plugins.hookspecs import hookimpl, hookspec

__all__ = ["hookimpl", "hookspec"]
