"""Block lists for fraud: e-mail domains and IP hashes blocked for one campaign (by its
organizers) or for every campaign (by admins).

A blocked domain also blocks its subdomains (``example.org`` blocks ``mail.example.org``). A
bare top-level domain (``org``) is never blocked, and a large mailbox provider (``gmail.com``)
only when whoever blocks it says so explicitly. A blocked signer gets a neutral refusal and
nothing is written. Managed on a campaign's console page and with
``flask signatures block-domain | block-ip-hash | unblock | blocks``.
"""
from __future__ import annotations

import re

from sqlalchemy import Select, or_, select

from undersigned.audit.log import record
from undersigned.extensions import db
from undersigned.security.identity import email_domain
from undersigned.security.models import Block

DOMAIN, IP_HASH = "domain", "ip_hash"
KINDS = (DOMAIN, IP_HASH)
#: Domains that are one mailbox provider: blocking either blocks both.
ALIASES = {"gmail.com": ("googlemail.com",), "googlemail.com": ("gmail.com",)}
IP_HASH_PATTERN = re.compile(r"^[0-9a-f]{32}$")
#: Mailbox providers used by very many people: blocking one refuses everyone who uses it, so it
#: takes an explicit "yes, block all of it".
LARGE_PROVIDERS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
    "aol.com", "icloud.com", "me.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net", "web.de",
    "yandex.ru", "ya.ru", "mail.ru", "bk.ru", "inbox.ru", "list.ru", "rambler.ru", "tut.by",
})
DOMAIN_PATTERN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$")


def clean_domain(value: str) -> str:
    """A domain as the block list keeps it; ``ValueError`` if it is not one."""
    domain = email_domain("@" + value.strip().lstrip("@."))
    if not DOMAIN_PATTERN.match(domain):
        raise ValueError(f"not a domain: {value!r}")
    return domain


class TooBroad(ValueError):
    """A single-label domain (a top-level domain such as ``org``): it cannot be blocked."""


class WholeProvider(ValueError):
    """A large mailbox provider, blocked only with an explicit confirmation."""


def check_breadth(domain: str, whole_provider: bool = False) -> None:
    """Refuse a domain too broad to block (:class:`TooBroad`), or a large provider without
    ``whole_provider`` (:class:`WholeProvider`)."""
    if "." not in domain:
        raise TooBroad(domain)
    if domain in LARGE_PROVIDERS and not whole_provider:
        raise WholeProvider(domain)


def clean_ip_hash(value: str) -> str:
    value = value.strip().lower()
    if not IP_HASH_PATTERN.match(value):
        raise ValueError(f"not an IP hash (32 hexadecimal digits, as `signatures bursts` shows): {value!r}")
    return value


def parent_domains(domain: str) -> list[str]:
    """``a.b.example.org`` -> itself, ``b.example.org``, ``example.org``, ``org``."""
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def in_scope(campaign: str | None):
    """The condition for the blocks of ``campaign`` (``None``: the blocks for every campaign)."""
    return Block.campaign.is_(None) if campaign is None else Block.campaign == campaign


def blocked(*emails: str, ip_hash: str | None = None, campaign: str | None = None) -> str | None:
    """Why a signer of ``campaign`` is blocked (``domain`` or ``ip_hash``), or ``None``: the
    blocks for every campaign and those of ``campaign``. One indexed query.

    Pass the address as typed and its canonical form: ``googlemail.com`` is ``gmail.com``."""
    domains = {d for email in emails for d in parent_domains(email_domain(email))}
    domains |= {alias for domain in domains for alias in ALIASES.get(domain, ())}
    domains = sorted(domains)
    conditions = [(Block.kind == DOMAIN) & Block.value.in_(domains)]
    if ip_hash:
        conditions.append((Block.kind == IP_HASH) & (Block.value == ip_hash))
    scope = or_(Block.campaign.is_(None), Block.campaign == campaign) if campaign else in_scope(None)
    return db.session.scalar(select(Block.kind).where(scope, or_(*conditions)).limit(1))


def add(kind: str, value: str, note: str | None = None, campaign: str | None = None) -> bool:
    """Block ``value`` for ``campaign`` (``None``: for every campaign), audited; ``False`` if
    it was blocked there already."""
    if db.session.scalar(select(Block.id).where(in_scope(campaign), Block.kind == kind, Block.value == value)):
        return False
    block = Block(campaign=campaign, kind=kind, value=value, note=(note or None) and note[:200])
    db.session.add(block)
    db.session.flush()
    record("block.add", campaign=campaign, kind=kind, block=block.id, every_campaign=campaign is None)
    db.session.commit()
    return True


def remove(value: str, campaign: str | None = None) -> list[str]:
    """Unblock ``value`` (a domain or an IP hash) for ``campaign`` (``None``: the block for every
    campaign), audited; the kinds removed. Other campaigns' blocks are untouched."""
    rows = list(db.session.scalars(select(Block).where(in_scope(campaign), Block.value == value.strip().lower())))
    for row in rows:
        db.session.delete(row)
        record("block.remove", campaign=campaign, kind=row.kind, block=row.id, every_campaign=campaign is None)
    db.session.commit()
    return [row.kind for row in rows]


def listing(campaign: str | None = None, *, every_campaign: bool = True) -> Select:
    """The blocks of ``campaign`` and, with ``every_campaign``, those for every campaign; every
    block there is when ``campaign`` is ``None``. Those for every campaign first, by kind and
    value (a query, to read a page at a time)."""
    query = select(Block).order_by(Block.campaign.is_not(None), Block.campaign, Block.kind, Block.value)
    if campaign:
        query = query.where(or_(in_scope(campaign), *([in_scope(None)] if every_campaign else [])))
    return query


def entries(campaign: str | None = None, *, every_campaign: bool = True) -> list[Block]:
    """Every block :func:`listing` finds."""
    return list(db.session.scalars(listing(campaign, every_campaign=every_campaign)))
