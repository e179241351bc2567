"""``flask users ...``: create console users, change their passwords and roles."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from undersigned.extensions import db
from undersigned.users.models import ROLES, User

users_cli = AppGroup("users", help="Console users and their roles.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), required=True)
@click.password_option(help="Asked for when not given (or set UNDERSIGNED_PASSWORD).",
                       envvar="UNDERSIGNED_PASSWORD")
def create_command(email: str, roles: tuple[str, ...], password: str) -> None:
    """Create a console user with ROLES."""
    email = email.strip().lower()
    if db.session.scalar(select(User).filter_by(email=email)):
        raise click.ClickException("a user with that e-mail address exists")
    user = User(email=email, roles=",".join(sorted(set(roles))))
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created user {user.id} with roles {user.roles}")


@users_cli.command("password")
@click.argument("email")
@click.password_option(help="Asked for when not given (or set UNDERSIGNED_PASSWORD).",
                       envvar="UNDERSIGNED_PASSWORD")
def password_command(email: str, password: str) -> None:
    """Set a new password for the user EMAIL; it signs the user out everywhere."""
    user = db.session.scalar(select(User).filter_by(email=email.strip().lower()))
    if user is None:
        raise click.ClickException("no such user")
    user.set_password(password)
    db.session.commit()
    click.echo(f"user {user.id}: password changed, every session ended")


@users_cli.command("roles")
@click.argument("email")
@click.option("--add", multiple=True, type=click.Choice(ROLES))
@click.option("--remove", multiple=True, type=click.Choice(ROLES))
def roles_command(email: str, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
    """Add or remove roles of the user EMAIL."""
    user = db.session.scalar(select(User).filter_by(email=email.strip().lower()))
    if user is None:
        raise click.ClickException("no such user")
    user.roles = ",".join(sorted((user.role_set | set(add)) - set(remove)))
    db.session.commit()
    click.echo(f"user {user.id}: roles {user.roles or '(none)'}")


@users_cli.command("list")
def list_command() -> None:
    """Every console user with their roles."""
    for user in db.session.scalars(select(User).order_by(User.id)):
        click.echo(f"{user.id:>4}  {user.email:<40} {user.roles or '-'}{'' if user.active else '  (disabled)'}")
