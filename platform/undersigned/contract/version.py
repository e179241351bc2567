"""The plugin contract's version, and whether a plugin's stated version is one this platform keeps.

A plugin may state the contract it was written against with a module attribute,
``UNDERSIGNED_CONTRACT = "1.1"``. Minor versions only add: a plugin written for 1.0 runs on 1.1.
A name renamed or removed in a minor version keeps working, with a ``DeprecationWarning`` naming its
replacement, until the next major version.
"""
from __future__ import annotations

#: This platform's contract: ``docs/plugins.md`` documents it, and says what each version changed.
CONTRACT_VERSION = "1.2"
#: The module attribute a plugin states its contract version with.
ATTRIBUTE = "UNDERSIGNED_CONTRACT"


def parse(version: str) -> tuple[int, int]:
    """``"1.1"`` as ``(1, 1)``; :class:`ValueError` for anything else."""
    major, dot, minor = str(version).strip().partition(".")
    if not (major.isdigit() and (not dot or minor.isdigit())):
        raise ValueError(f"{version!r} is not a contract version such as {CONTRACT_VERSION!r}")
    return int(major), int(minor or 0)


def unsupported(stated: str) -> str | None:
    """Why a plugin stating contract ``stated`` cannot run here, or ``None`` if it can."""
    try:
        wanted = parse(stated)
    except ValueError as exc:
        return f"{ATTRIBUTE} = {stated!r}: {exc}"
    have = parse(CONTRACT_VERSION)
    if wanted[0] != have[0] or wanted[1] > have[1]:
        return (f"written for plugin contract {stated}, but this platform provides {CONTRACT_VERSION}: "
                f"{'upgrade Undersigned' if wanted > have else 'update the plugin (docs/plugins.md says what changed)'}")
    return None
