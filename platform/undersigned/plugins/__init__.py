"""Finding and loading plugins into a per-app plugin manager (``loader``).

``hookimpl`` and ``hookspec`` used to be imported from here; they live in
:mod:`undersigned.contract` since contract 1.1, and the old names warn until contract 2.0.
"""
from undersigned import contract
from undersigned.contract.deprecation import moved

__getattr__ = moved(__name__, "undersigned.contract", hookimpl=contract.hookimpl, hookspec=contract.hookspec)
