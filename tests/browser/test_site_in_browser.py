"""The built site as a reader uses it: catalogue, provider pages and search, in chromium.

The other docs tests parse HTML; these run the site's own JavaScript (Material's
navigation and its lunr search worker) in a real browser, offline, so a broken search
index, a script error or a page that fetches from the internet fails here.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser_site import SiteSession
from playwright.sync_api import Locator
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from dashtam.domain.providers import PROVIDER_REGISTRY, ProviderMetadata

pytestmark = pytest.mark.browser

CATALOGUE_PATH = "providers/index.html"
#: The catalogue's full table is the one whose first column is headed "Provider".
PROVIDER_COLUMN = "Provider"
SEARCH_RESULT_LINK = ".md-search-result__list a.md-search-result__link"
#: Resolved ``href`` properties (Material writes relative links), read in one go.
_HREFS = "links => links.map(a => a.href)"


def _provider_page_path(entry: ProviderMetadata) -> str:
    # The offline plugin turns directory URLs off, so pages are .html files.
    return f"/providers/{entry.slug}.html"


def _catalogue_table(site: SiteSession) -> Locator:
    header = site.page.locator("thead th", has_text=re.compile(f"^{PROVIDER_COLUMN}$"))
    tables = site.page.locator("article table").filter(has=header)
    assert tables.count() == 1, "the catalogue should have exactly one table of all providers"
    return tables.first


def _heading_text(heading: Locator) -> str:
    """A heading's text without the permalink (``¶``) the toc extension appends."""
    return str(
        heading.evaluate(
            "h => Array.from(h.childNodes)"
            ".filter(n => !(n.classList && n.classList.contains('headerlink')))"
            ".map(n => n.textContent).join('').trim()"
        )
    )


def _assert_clean(site: SiteSession) -> None:
    """The page fetched nothing from the internet and logged no errors."""
    assert site.blocked_requests == [], "the site tried to fetch from outside 127.0.0.1"
    assert site.console_errors == []


def test_the_catalogue_has_one_row_per_registered_provider(site: SiteSession) -> None:
    site.goto(CATALOGUE_PATH)

    rows = _catalogue_table(site).locator("tbody tr")
    names = [text.strip() for text in rows.locator("td:first-child").all_inner_texts()]

    assert sorted(names) == sorted(entry.display_name for entry in PROVIDER_REGISTRY)
    assert len(names) == len(PROVIDER_REGISTRY)
    _assert_clean(site)


@pytest.mark.parametrize("entry", PROVIDER_REGISTRY, ids=lambda entry: str(entry.slug))
def test_a_catalogue_link_opens_the_providers_setup_page(
    site: SiteSession, entry: ProviderMetadata
) -> None:
    site.goto(CATALOGUE_PATH)
    row = _catalogue_table(site).locator("tbody tr").filter(has_text=entry.display_name)

    row.get_by_role("link", name=entry.display_name, exact=True).click()
    site.page.wait_for_load_state("networkidle")

    assert urlsplit(site.page.url).path == _provider_page_path(entry)
    assert entry.display_name in site.page.title()
    assert _heading_text(site.page.locator("article h1")) == entry.display_name
    auth_section = site.page.locator("article h2").filter(has_text=entry.auth_type.label)
    assert auth_section.count() == 1, f"no {entry.auth_type.label} section on the page"
    assert auth_section.is_visible()
    _assert_clean(site)


@pytest.mark.parametrize("entry", PROVIDER_REGISTRY, ids=lambda entry: str(entry.slug))
def test_site_search_finds_the_provider_and_opens_its_page(
    site: SiteSession, entry: ProviderMetadata
) -> None:
    site.goto("")
    search = site.page.locator("input.md-search__input")
    assert search.count() == 1, "no search box: is the search plugin enabled in mkdocs.yml?"

    search.click()
    search.press_sequentially(entry.display_name)
    results = site.page.locator(SEARCH_RESULT_LINK)
    try:
        results.first.wait_for(state="visible")
    except PlaywrightTimeoutError:
        pytest.fail(f"Material's search listed no result for {entry.display_name!r}.")
    target = _provider_page_path(entry)
    # Material redraws the result list on every keystroke, so hold no element handles:
    # a locator for the page's own result (its relative href names the page path, plus
    # Material's ``?h=`` highlight query, and no section anchor) is re-resolved by
    # Playwright until it is visible and clickable.
    page_result = f'[href*="{target.lstrip("/")}"]:not([href*="#"])'
    link = site.page.locator(SEARCH_RESULT_LINK + page_result).first
    try:
        link.wait_for(state="visible")
    except PlaywrightTimeoutError:
        listed = [urlsplit(href).path for href in results.evaluate_all(_HREFS)]
        pytest.fail(f"search for {entry.display_name!r} did not list {target}: {listed}")

    link.click()
    site.page.wait_for_load_state("networkidle")

    assert urlsplit(site.page.url).path == target
    assert entry.display_name in site.page.title()
    _assert_clean(site)


def test_every_kind_of_page_loads_offline_without_errors(site: SiteSession) -> None:
    first = PROVIDER_REGISTRY[0]
    paths = [
        "",
        CATALOGUE_PATH,
        "providers/statistics.html",
        f"providers/category/{first.category.value}.html",
        f"providers/auth-type/{first.auth_type.value}.html",
        f"providers/capability/{first.capabilities[0].value}.html",
        "reference/providers.html",
        _provider_page_path(first),
    ]

    headings = {}
    for path in paths:
        site.goto(path)
        headings[path] = site.page.locator("article h1").all_inner_texts()

    assert all(len(found) == 1 for found in headings.values()), headings
    _assert_clean(site)
