"""The browser tests' view of one page on the served site (a module of its own so both
the fixtures and the tests can import it; test folders are not packages)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import Page


@dataclass
class SiteSession:
    """One browser page on the served site, and everything it did that a test checks."""

    base_url: str
    page: Page
    blocked_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        """The absolute URL of a site path such as ``providers/``."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def goto(self, path: str) -> None:
        """Open ``path`` and wait until the page and its requests have settled."""
        self.page.goto(self.url(path))
        self.page.wait_for_load_state("networkidle")


#: The widths the issue names: a desktop window and a phone.
DESKTOP = 1400
PHONE = 390

#: Opens a page session: ``open_site(width=..., base=...)``; ``base`` defaults to the
#: served site (pass ``file://...`` to read the site from disk).
OpenSite = Callable[..., SiteSession]
