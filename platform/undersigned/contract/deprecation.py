"""Names that moved keep working until the next major contract, with a warning naming their new home.

An old module hands out its moved names through a module ``__getattr__``::

    from undersigned import contract
    __getattr__ = moved(__name__, "undersigned.contract", Campaign=contract.Campaign)

so ``from undersigned.campaigns.model import Campaign`` still works, and warns
``undersigned.campaigns.model.Campaign is deprecated ...: import it from undersigned.contract``.
"""
from __future__ import annotations

import warnings
from typing import Any, Callable, Mapping

from undersigned.contract.version import CONTRACT_VERSION


def moved(module: str, home: str | Mapping[str, str], **objects: Any) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``module``, whose ``objects`` now live in ``home`` (or each in
    its own, ``home`` mapping their names to modules): each access warns with a
    :class:`DeprecationWarning` naming the new place."""

    def __getattr__(name: str) -> Any:
        if name not in objects:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warnings.warn(f"{module}.{name} is deprecated since plugin contract {CONTRACT_VERSION}: "
                      f"import it from {home if isinstance(home, str) else home[name]} "
                      "(the old name goes in contract 2.0)",
                      DeprecationWarning, stacklevel=2)
        return objects[name]

    return __getattr__
