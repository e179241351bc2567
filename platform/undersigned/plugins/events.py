"""Telling plugins about signature events: one plugin that raises is logged, never fatal, and
never silences the others."""
from __future__ import annotations

import logging
from typing import Any

from undersigned.app_state import hooks

log = logging.getLogger(__name__)


def notify(event: str, **kwargs: Any) -> None:
    """Call every implementation of the hook ``event`` with ``kwargs``."""
    for impl in reversed(getattr(hooks(), event).get_hookimpls()):
        try:
            impl.function(**{name: kwargs[name] for name in impl.argnames})
        except Exception:
            log.exception("plugin %s failed in %s", impl.plugin_name, event)
