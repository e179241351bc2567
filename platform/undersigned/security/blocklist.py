"""Block lists for fraud: e-mail domains and IP hashes organizers have blocked.

A blocked domain also blocks its subdomains (``example.org`` blocks ``mail.example.org``). A
blocked signer gets a neutral refusal and nothing is written. Managed with
``flask signatures block-domain | block-ip-hash | unblock | blocks``.
"""
from __future__ import annotations

import re

from sqlalchemy import or_, select

from undersigned.audit.log import record
from undersigned.extensions import db
from undersigned.security.identity import email_domain
from undersigned.security.models import Block

DOMAIN, IP_HASH = "domain", "ip_hash"
KINDS = (DOMAIN, IP_HASH)
#: Domains that are one mailbox provider: blocking either blocks both.
ALIASES = {"gmail.com": ("googlemail.com",), "googlemail.com": ("gmail.com",)}
IP_HASH_PATTERN = re.compile(r"^[0-9a-f]{32}$")
DOMAIN_PATTERN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$")


def clean_domain(value: str) -> str:
    """A domain as the block list keeps it; ``ValueError`` if it is not one."""
    domain = email_domain("@" + value.strip().lstrip("@"))
    if not DOMAIN_PATTERN.match(domain):
        raise ValueError(f"not a domain: {value!r}")
    return domain


def clean_ip_hash(value: str) -> str:
    value = value.strip().lower()
    if not IP_HASH_PATTERN.match(value):
        raise ValueError(f"not an IP hash (32 hexadecimal digits, as `signatures bursts` shows): {value!r}")
    return value


def parent_domains(domain: str) -> list[str]:
    """``a.b.example.org`` -> itself, ``b.example.org``, ``example.org``, ``org``."""
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def blocked(*emails: str, ip_hash: str | None = None) -> str | None:
    """Why a signer is blocked (``domain`` or ``ip_hash``), or ``None``. One indexed query.

    Pass the address as typed and its canonical form: ``googlemail.com`` is ``gmail.com``."""
    domains = {d for email in emails for d in parent_domains(email_domain(email))}
    domains |= {alias for domain in domains for alias in ALIASES.get(domain, ())}
    domains = sorted(domains)
    conditions = [(Block.kind == DOMAIN) & Block.value.in_(domains)]
    if ip_hash:
        conditions.append((Block.kind == IP_HASH) & (Block.value == ip_hash))
    return db.session.scalar(select(Block.kind).where(or_(*conditions)).limit(1))


def add(kind: str, value: str, note: str | None = None, campaign: str | None = None) -> bool:
    """Block ``value`` (audited, with the campaign whose page it was blocked from); ``False`` if
    it was blocked already."""
    if db.session.scalar(select(Block.id).where(Block.kind == kind, Block.value == value)):
        return False
    block = Block(kind=kind, value=value, note=(note or None) and note[:200])
    db.session.add(block)
    db.session.flush()
    record("block.add", campaign=campaign, kind=kind, block=block.id)
    db.session.commit()
    return True


def remove(value: str, campaign: str | None = None) -> list[str]:
    """Unblock ``value`` (a domain or an IP hash), audited; the kinds removed."""
    rows = list(db.session.scalars(select(Block).where(Block.value == value.strip().lower())))
    for row in rows:
        db.session.delete(row)
        record("block.remove", campaign=campaign, kind=row.kind, block=row.id)
    db.session.commit()
    return [row.kind for row in rows]
