"""Console users: creating them, changing their passwords and roles, and checking a sign-in."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import Select, select

from undersigned.audit.log import record
from undersigned.extensions import db
from undersigned.users import hashing
from undersigned.users.models import CampaignGrant, User


class UserExists(Exception):
    """A user with that e-mail address exists."""


def normalise(email: str) -> str:
    """An e-mail address as users are kept and looked up: trimmed, lowercase."""
    return email.strip().lower()


def find(email: str) -> User | None:
    return db.session.scalar(select(User).filter_by(email=normalise(email)))


def get(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def listing() -> Select:
    """Every console user, oldest first (a query, to read a page at a time)."""
    return select(User).order_by(User.id)


def all_users() -> list[User]:
    """Every console user, oldest first."""
    return list(db.session.scalars(listing()))


def emails_of(ids: Iterable[object]) -> dict[int, str]:
    """The address of each console user among ``ids`` (anything else is left out)."""
    wanted = {value for value in ids if isinstance(value, int)}
    return dict(db.session.execute(select(User.id, User.email).where(User.id.in_(wanted))).all()) if wanted else {}


def create(email: str, roles: Iterable[str], password: str) -> User:
    """Create a console user with ``roles``; :class:`UserExists` if the address is taken."""
    email = normalise(email)
    if find(email):
        raise UserExists(email)
    user = User(email=email, roles=",".join(sorted(set(roles))))
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record("user.create", user=user.id, roles=user.roles)
    db.session.commit()
    return user


def set_roles(user: User, roles: Iterable[str]) -> None:
    """Give ``user`` exactly ``roles``."""
    wanted = set(roles)
    change_roles(user, add=wanted, remove=user.role_set - wanted)


def set_active(user: User, active: bool) -> None:
    """Enable or disable ``user``; disabling ends every session they have at once."""
    user.active = active
    if not active:
        user.end_sessions()
    record("user.enable" if active else "user.disable", user=user.id)
    db.session.commit()


def change_roles(user: User, add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
    """Give ``user`` the roles ``add`` and take away ``remove``."""
    user.roles = ",".join(sorted((user.role_set | set(add)) - set(remove)))
    record("user.roles", user=user.id, roles=user.roles)
    db.session.commit()


def grant(user: User, campaigns: Iterable[str]) -> None:
    """Let ``user`` run exactly the campaigns ``campaigns`` (slugs)."""
    wanted = set(campaigns)
    user.grants = [g for g in user.grants if g.campaign in wanted] + [
        CampaignGrant(campaign=slug) for slug in sorted(wanted - user.campaigns)]
    record("user.grants", user=user.id, campaigns=sorted(wanted))
    db.session.commit()


def set_password(user: User, password: str, *, by_themselves: bool = False) -> None:
    """Give ``user`` a new password; it ends every session they had. ``by_themselves``: the
    audit log names them as the actor (an invitee on their invitation's page, not signed in)."""
    user.set_password(password)
    record("user.password", actor=user.email if by_themselves else None, user=user.id)
    db.session.commit()


def end_sessions(user: User) -> None:
    """Sign ``user`` out everywhere: every session made before stops working."""
    user.end_sessions()
    db.session.commit()


def authenticate(email: str, password: str) -> User | None:
    """The active user with this address and password, or ``None``.

    An unknown or disabled account costs the same password hash as a known one, so sign-in
    timing does not tell which addresses have accounts. A password kept with an older hash
    method is hashed again with the configured one.
    """
    user = find(email)
    matches = hashing.matches(user.password_hash if user else hashing.dummy_hash(), password)
    if not (user and matches and user.active):
        return None
    if hashing.outdated(user.password_hash):
        user.password_hash = hashing.hash_password(password)  # the same password: sessions stay
        db.session.commit()
    return user
