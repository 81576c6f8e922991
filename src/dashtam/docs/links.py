"""Links between generated pages: relative paths, and the labelled links every table uses.

Links are relative Markdown links (``../schwab.md``), which MkDocs checks in a strict
build. Thousands of provider pages share one folder, so links are cached per folder.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from dashtam.docs.escape import md_text
from dashtam.docs.model import ProviderFacts
from dashtam.docs.paths import auth_type_page, capability_page, category_page
from dashtam.domain.providers import ProviderAuthType, ProviderCapability, ProviderCategory


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link from ``from_page`` to ``to_page`` (optionally to an ``#anchor``)."""
    return folder_link(folder_of(from_page), to_page, anchor)


def folder_of(page: str) -> str:
    """The folder ``page`` lives in ("" for the docs folder itself)."""
    return page.rpartition("/")[0]


@functools.lru_cache(maxsize=65536)
def folder_link(folder: str, to_page: str, anchor: str = "") -> str:
    """:func:`link` from any page in ``folder`` (``posixpath.relpath`` minus its file system)."""
    from_dirs = folder.split("/") if folder else []
    to_parts = to_page.split("/")
    common = 0
    while common < len(from_dirs) and common < len(to_parts) - 1:
        if from_dirs[common] != to_parts[common]:
            break
        common += 1
    target = "/".join([".."] * (len(from_dirs) - common) + to_parts[common:])
    return f"{target}#{anchor}" if anchor else target


def provider_link(facts: ProviderFacts, from_page: str) -> str:
    """The provider's display name linking to its setup page."""
    return f"[{md_text(facts.entry.display_name)}]({link(from_page, facts.page)})"


def category_link(category: ProviderCategory, from_page: str) -> str:
    """The category's label linking to its page."""
    return _labelled_link(category, category_page, folder_of(from_page))


def auth_type_link(auth_type: ProviderAuthType, from_page: str) -> str:
    """The auth type's label linking to its page."""
    return _labelled_link(auth_type, auth_type_page, folder_of(from_page))


def capability_link(capability: ProviderCapability, from_page: str) -> str:
    """The capability's label linking to its page."""
    return _labelled_link(capability, capability_page, folder_of(from_page))


def capability_links(capabilities: tuple[ProviderCapability, ...], from_page: str) -> str:
    """Each capability's label linking to its page, space-separated (styled as chips)."""
    return " ".join(capability_link(capability, from_page) for capability in capabilities)


@functools.lru_cache(maxsize=1024)
def _labelled_link(
    member: ProviderCategory | ProviderAuthType | ProviderCapability,
    page_of: Callable[[Any], str],
    folder: str,
) -> str:
    return f"[{md_text(member.label)}]({folder_link(folder, page_of(member))})"
