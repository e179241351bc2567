"""The ``flask`` commands that run in production without ``SECRET_KEY`` and ``PUBLIC_URL``.

Serving and any command that signs, hashes or links need both, and the app refuses to start
without them. A command that only reads or writes files the platform does not sign (``campaigns
list``, the catalogs, the migrations) needs neither, so a fresh clone can run it as the README
shows. The ``flask`` CLI loads the app before it knows which of the app's commands will run, so
every other command is swapped for one that refuses with the reason.
"""
from __future__ import annotations

import copy
import functools
import secrets

import click
from flask import Flask
from flask.cli import ScriptInfo

EXTENSION = "undersigned.keyless"

#: Each command as the words after ``flask``: a group alone stands for all its commands.
KEYLESS_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("campaigns", "list"), ("campaigns", "check"), ("campaigns", "new"), ("translations",), ("db",),
)


def loading_for_a_command() -> bool:
    """Whether the ``flask`` CLI is loading the app to find one of the app's commands, or from
    within a keyless command of its own (``db``); ``flask run`` and ``flask shell`` load it from
    within theirs, so this is false for them."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or not isinstance(ctx.find_root().obj, ScriptInfo):
        return False
    return ctx.parent is None or is_keyless(_words(ctx))


def _words(ctx: click.Context) -> tuple[str, ...]:
    """The command ``ctx`` runs, as the words after ``flask``."""
    words: list[str] = []
    while ctx.parent is not None:
        words.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return tuple(words)


def is_keyless(words: tuple[str, ...]) -> bool:
    return any(words[:len(command)] == command for command in KEYLESS_COMMANDS)


def defer_to_command(app: Flask, message: str) -> None:
    """Let the app load for the CLI without a required setting: :func:`guard_commands` then
    makes every command but the keyless ones stop with ``message``."""
    app.extensions.setdefault(EXTENSION, []).append(message)


def guard_commands(app: Flask) -> None:
    """Swap each of the app's commands that needs a missing setting for a copy that says so
    and stops (the shared command objects stay untouched)."""
    missing = app.extensions.get(EXTENSION)
    if missing:
        for name, command in list(app.cli.commands.items()):
            app.cli.commands[name] = _guarded(command, (name,), " ".join(missing))


def _guarded(command: click.Command, words: tuple[str, ...], message: str) -> click.Command:
    if is_keyless(words):
        return command
    clone = copy.copy(command)
    if isinstance(command, click.Group):
        clone.commands = {name: _guarded(sub, (*words, name), message)
                          for name, sub in command.commands.items()}
    else:
        clone.callback = functools.partial(_refuse, message)
    return clone


def _refuse(message: str, *args: object, **kwargs: object) -> None:
    raise click.ClickException(message)


def throwaway_secret() -> str:
    """A key for a keyless command: nothing it makes is signed, and the key dies with it."""
    return secrets.token_urlsafe(48)
