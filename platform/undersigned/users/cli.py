"""``flask users ...``: create console users, change their passwords and roles."""
from __future__ import annotations

import click
from cryptography.fernet import InvalidToken
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from undersigned.users import passwords, service, totp
from undersigned.users.models import ROLES, User

users_cli = AppGroup("users", help="Console users and their roles.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), required=True)
@click.password_option(help="Asked for when not given (or set UNDERSIGNED_PASSWORD).",
                       envvar="UNDERSIGNED_PASSWORD")
def create_command(email: str, roles: tuple[str, ...], password: str) -> None:
    """Create a console user with ROLES."""
    _refuse_a_weak(password, email)
    try:
        user = service.create(email, roles, password)
    except service.UserExists:
        raise click.ClickException("a user with that e-mail address exists") from None
    click.echo(f"created user {user.id} with roles {user.roles}")


@users_cli.command("password")
@click.argument("email")
@click.password_option(help="Asked for when not given (or set UNDERSIGNED_PASSWORD).",
                       envvar="UNDERSIGNED_PASSWORD")
def password_command(email: str, password: str) -> None:
    """Set a new password for the user EMAIL; it signs the user out everywhere."""
    user = _user(email)
    _refuse_a_weak(password, user.email)
    service.set_password(user, password)
    click.echo(f"user {user.id}: password changed, every session ended")


@users_cli.command("roles")
@click.argument("email")
@click.option("--add", multiple=True, type=click.Choice(ROLES))
@click.option("--remove", multiple=True, type=click.Choice(ROLES))
def roles_command(email: str, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
    """Add or remove roles of the user EMAIL."""
    user = _user(email)
    service.change_roles(user, add, remove)
    click.echo(f"user {user.id}: roles {user.roles or '(none)'}")


@users_cli.command("grant")
@click.argument("email")
@click.argument("campaigns", nargs=-1)
def grant_command(email: str, campaigns: tuple[str, ...]) -> None:
    """Let the user EMAIL run exactly CAMPAIGNS (slugs; none: no campaign)."""
    user = _user(email)
    service.grant(user, campaigns)
    click.echo(f"user {user.id}: campaigns {', '.join(sorted(user.campaigns)) or '(none)'}")


@users_cli.command("disable")
@click.argument("email")
def disable_command(email: str) -> None:
    """Disable the user EMAIL: they cannot sign in, and every session of theirs ends now."""
    user = _user(email)
    service.set_active(user, False)
    click.echo(f"user {user.id}: disabled, every session ended")


@users_cli.command("enable")
@click.argument("email")
def enable_command(email: str) -> None:
    """Let the disabled user EMAIL sign in again."""
    user = _user(email)
    service.set_active(user, True)
    click.echo(f"user {user.id}: enabled")


@users_cli.command("reset-2fa")
@click.argument("email")
def reset_two_factor_command(email: str) -> None:
    """Turn off two-factor sign-in of the user EMAIL (a lost phone); they can turn it on again."""
    user = _user(email)
    totp.disable(user, by_admin=True)
    click.echo(f"user {user.id}: two-factor sign-in is off")


@users_cli.command("rotate-2fa-key")
def rotate_two_factor_key_command() -> None:
    """Re-encrypt every two-factor seed under the current TOTP_ENCRYPTION_KEY (after a rotation,
    with the old key still in TOTP_ENCRYPTION_KEY_PREVIOUS); then the old key can go."""
    try:
        count = totp.rotate_key()
    except InvalidToken:
        raise click.ClickException("a seed is encrypted with a key that is not configured: add the old key "
                                   "to TOTP_ENCRYPTION_KEY_PREVIOUS (or SECRET_KEY_FALLBACKS) and run this again") from None
    click.echo(f"{count} two-factor seed{'' if count == 1 else 's'} re-encrypted under the current key")


def _user(email: str) -> User:
    """The user with that address, or the command stops with "no such user"."""
    user = service.find(email)
    if user is None:
        raise click.ClickException("no such user")
    return user


def _refuse_a_weak(password: str, email: str) -> None:
    """Stop the command, saying why, when ``password`` is too easy to guess."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        problem = passwords.weakness(password, email)
    if problem:
        raise click.ClickException(problem)


@users_cli.command("list")
def list_command() -> None:
    """Every console user with their roles, campaigns, two-factor sign-in and status."""
    for user in service.all_users():
        granted = ",".join(sorted(user.campaigns))
        click.echo(f"{user.id:>4}  {user.email:<40} {user.roles or '-'}"
                   f"{f'  [{granted}]' if granted else ''}{'  2fa' if user.has_two_factor else ''}"
                   f"{'' if user.active else '  (disabled)'}")
