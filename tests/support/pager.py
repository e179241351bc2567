"""A console list's pages as a person reads them: the links of its pager (templates/_pager.html),
found by the list's name, to follow like a browser."""
from __future__ import annotations

import html
import re

PAGER = re.compile(r'<nav class="pager" aria-label="(?P<label>[^"]*)">(?P<links>.*?)</nav>', re.S)
LINK = re.compile(r'<a href="(?P<href>[^"]+)" rel="(?P<rel>prev|next)">')


def pager_links(page: str, name: str | None = None) -> dict[str, str]:
    """The addresses of the pages before (``prev``) and after (``next``) on ``page``, from the
    pager of the list ``name`` (the only pager when ``None``)."""
    pagers = {html.unescape(match["label"]): match["links"] for match in PAGER.finditer(page)}
    if name is None:
        assert len(pagers) <= 1, f"several lists on the page: {sorted(pagers)}"
        links = next(iter(pagers.values()), "")
    else:  # "Pages: Users", "Страницы: Пользователи"
        links = next((found for label, found in pagers.items() if label.endswith(f": {name}")), "")
    return {match["rel"]: html.unescape(match["href"]) for match in LINK.finditer(links)}


def next_page(page: str, name: str | None = None) -> str:
    """The address the "Next page" link of the list ``name`` opens (it must be there)."""
    links = pager_links(page, name)
    assert "next" in links, f"no next page for {name or 'the list'}"
    return links["next"]


def previous_page(page: str, name: str | None = None) -> str:
    """The address the "Previous page" link of the list ``name`` opens (it must be there)."""
    links = pager_links(page, name)
    assert "prev" in links, f"no previous page for {name or 'the list'}"
    return links["prev"]
