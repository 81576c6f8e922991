"""What a reader does with the site, in chromium: sort and filter, switch palette, copy, search.

Each test runs the site's own scripts (Material, the vendored tablesort and
iframe-worker, ``dashtam.js``) at the issue's widths: 1400 px and 390 px, served from
127.0.0.1 and opened from disk. Every request that leaves the page's origin is
aborted and fails the test. Expectations are derived from the registry.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_site import SiteSession
from conftest import DESKTOP, PHONE, OpenSite
from playwright.sync_api import Locator

from dashtam.core.settings import env_var_name
from dashtam.domain.providers import PROVIDER_REGISTRY, ProviderAuthType

pytestmark = pytest.mark.browser

CATALOGUE = "providers/index.html"
SEARCH_RESULT_LINK = ".md-search-result__list a.md-search-result__link"
NAMES = [entry.display_name for entry in PROVIDER_REGISTRY]
#: Below this width (60em) Material hides the search box behind a header button.
MATERIAL_COLLAPSED_SEARCH = 960


def _assert_clean(site: SiteSession) -> None:
    assert site.blocked_requests == [], "the site tried to fetch from outside its origin"
    assert site.console_errors == []


def _catalogue(site: SiteSession) -> Locator:
    table = site.page.locator("article table[data-dashtam-providers]").first
    table.wait_for()
    return table


def _visible_names(table: Locator) -> list[str]:
    rows = table.locator("tbody tr:not([hidden])")
    return [text.strip() for text in rows.locator("td:first-child").all_inner_texts()]


def _search(site: SiteSession, query: str) -> Locator:
    """Type ``query`` into Material's search (opened from the header on a phone)."""
    box = site.page.locator("input.md-search__input")
    viewport = site.page.viewport_size
    if viewport is not None and viewport["width"] < MATERIAL_COLLAPSED_SEARCH:
        site.page.locator("label.md-header__button[for='__search']").click()
    else:
        box.click()
    box.fill("")
    box.press_sequentially(query)
    results = site.page.locator(SEARCH_RESULT_LINK)
    results.first.wait_for(state="visible")
    return results


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_catalogue_sorts_by_a_column(open_site: OpenSite, width: int) -> None:
    site = open_site(width=width)
    site.goto(CATALOGUE)
    table = _catalogue(site)
    header = table.locator("thead th").first

    # The "Sort by" box works at any width (a phone's cards hide the header row).
    sort = site.page.locator("form.dashtam-filters select[name='sort']")
    sort.select_option(label="Provider")
    first = header.get_attribute("aria-sort")
    after_one = _visible_names(table)
    if width == DESKTOP:
        header.click()
    else:
        sort.select_option("")
        sort.select_option(label="Provider")
    after_two = _visible_names(table)

    ascending = sorted(NAMES, key=str.casefold)
    assert first in ("ascending", "descending")
    assert after_one == (ascending if first == "ascending" else ascending[::-1])
    assert after_two == after_one[::-1]
    _assert_clean(site)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_catalogue_filters_by_auth_type_category_capability_and_name(
    open_site: OpenSite, width: int
) -> None:
    site = open_site(width=width)
    site.goto(CATALOGUE)
    table = _catalogue(site)
    filters = site.page.locator("form.dashtam-filters")
    status = filters.locator(".dashtam-filter-status")

    oauth = ProviderAuthType.OAUTH.label
    filters.locator("select[name='auth-type']").select_option(oauth)
    expected = [e.display_name for e in PROVIDER_REGISTRY if e.auth_type.label == oauth]
    assert _visible_names(table) == expected
    assert status.inner_text() == f"{len(expected)} of {len(NAMES)} providers shown"

    filters.locator("select[name='auth-type']").select_option("")
    capability = PROVIDER_REGISTRY[-1].capabilities[0]
    filters.locator("select[name='capabilities']").select_option(capability.label)
    assert _visible_names(table) == [
        e.display_name for e in PROVIDER_REGISTRY if capability in e.capabilities
    ]

    filters.locator("select[name='capabilities']").select_option("")
    category = PROVIDER_REGISTRY[0].category
    filters.locator("select[name='category']").select_option(category.label)
    assert _visible_names(table) == [
        e.display_name for e in PROVIDER_REGISTRY if e.category is category
    ]

    filters.locator("select[name='category']").select_option("")
    part = NAMES[-1][1:5].lower()
    filters.locator("input[name='name']").fill(part)
    assert _visible_names(table) == [name for name in NAMES if part in name.lower()]
    _assert_clean(site)


def test_on_a_phone_catalogue_rows_are_cards_that_fit_the_screen(open_site: OpenSite) -> None:
    site = open_site(width=PHONE)
    site.goto(CATALOGUE)
    table = _catalogue(site)

    overflow = site.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    box = table.bounding_box()
    first_row = table.locator("tbody tr").first
    labels = first_row.locator("td").evaluate_all(
        "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"
    )

    assert overflow <= 0, "the page scrolls sideways on a phone"
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE
    assert not table.locator("thead").is_visible()
    assert labels[:3] == ['"Provider"', '"Category"', '"Auth type"']
    for text in first_row.locator("td").all_inner_texts():
        assert text.strip()
    _assert_clean(site)


def test_the_palette_toggle_cycles_light_dark_and_system_and_is_remembered(
    open_site: OpenSite,
) -> None:
    site = open_site(color_scheme="light")
    site.goto("")
    body = site.page.locator("body")

    def scheme() -> str | None:
        return body.get_attribute("data-md-color-scheme")

    def background() -> str:
        return str(body.evaluate("b => getComputedStyle(b).backgroundColor"))

    seen = [(scheme(), background())]
    for _ in range(3):
        site.page.locator("form[data-md-component='palette'] label:visible").first.click()
        seen.append((scheme(), background()))

    assert [name for name, _ in seen] == ["default", "default", "slate", "default"]
    assert seen[2][1] != seen[1][1], "dark mode did not change the background"
    site.page.locator("form[data-md-component='palette'] label:visible").first.click()
    site.page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert scheme() == "slate"
    site.goto(CATALOGUE)
    assert scheme() == "slate", "the choice is not remembered across pages"
    _assert_clean(site)


def test_the_copy_button_copies_the_env_snippet(open_site: OpenSite) -> None:
    entry = next(e for e in PROVIDER_REGISTRY if e.required_settings)
    site = open_site(permissions=["clipboard-read", "clipboard-write"])
    site.goto(f"providers/{entry.slug}.html")
    variable = env_var_name(entry.required_settings[0])
    block = site.page.locator("article div.highlight", has_text=f"{variable}=").first
    expected = block.locator("code").inner_text()

    block.hover()
    block.locator("button[data-md-type='copy']").click()
    copied = site.page.evaluate("() => navigator.clipboard.readText()")

    assert copied.strip() == expected.strip()
    assert f"\n{variable}=your-" in copied
    _assert_clean(site)


def test_search_finds_a_setting_by_part_of_its_env_var(open_site: OpenSite) -> None:
    entry = next(e for e in PROVIDER_REGISTRY if len(e.required_settings) > 1)
    variable = env_var_name(entry.required_settings[-1])  # e.g. SCHWAB_APP_SECRET
    part = "_".join(variable.split("_")[1:])[:-1]  # APP_SECRE: no whole word of it
    site = open_site()
    site.goto("")

    _search(site, part)
    target = f"providers/{entry.slug}.html"
    link = site.page.locator(f'{SEARCH_RESULT_LINK}[href*="{target}"]').first
    link.wait_for(state="visible")
    link.click()
    site.page.wait_for_load_state("networkidle")

    assert urlsplit(site.page.url).path == "/" + target
    _assert_clean(site)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_site_works_from_disk_links_and_search(
    open_site: OpenSite, built_site: Path, width: int
) -> None:
    site = open_site(width=width, base=built_site.as_uri())
    site.goto("index.html")
    entry = PROVIDER_REGISTRY[0]

    site.page.locator(f'article a[href$="{CATALOGUE}"]').first.click()
    site.page.wait_for_load_state("networkidle")
    assert site.page.url == f"{built_site.as_uri()}/{CATALOGUE}"
    assert site.page.locator("article h1").count() == 1, "a link opened no page"
    site.page.locator("article table a", has_text=entry.display_name).first.click()
    site.page.wait_for_load_state("networkidle")
    assert site.page.url == f"{built_site.as_uri()}/providers/{entry.slug}.html"

    results = _search(site, entry.display_name)
    assert any(
        f"providers/{entry.slug}.html" in href
        for href in results.evaluate_all("links => links.map(a => a.href)")
    )
    _assert_clean(site)


def test_a_missing_page_gets_a_styled_404_with_search_and_the_catalogue(
    open_site: OpenSite,
) -> None:
    site = open_site()
    missing = site.url("providers/no/such/page.html")
    response = site.page.goto(missing)
    site.page.wait_for_load_state("networkidle")

    assert response is not None
    assert response.status == 404
    assert site.page.locator("article h1").inner_text() == "Page not found"
    header = site.page.locator("header.md-header")
    assert header.evaluate("h => getComputedStyle(h).position") == "sticky", "unstyled 404"

    site.page.locator("label.dashtam-search-button").click()
    box = site.page.locator("input.md-search__input")
    box.press_sequentially(NAMES[0])
    site.page.locator(SEARCH_RESULT_LINK).first.wait_for(state="visible")
    box.press("Escape")
    site.page.locator("a.dashtam-catalogue-link").click()
    site.page.wait_for_load_state("networkidle")

    assert urlsplit(site.page.url).path == "/" + CATALOGUE
    assert re.search("catalogue", site.page.title(), re.IGNORECASE)
    # The browser logs the missing page's own 404; nothing else may fail.
    site.console_errors = [error for error in site.console_errors if missing not in error]
    _assert_clean(site)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_env_var_names_never_wrap(open_site: OpenSite, width: int) -> None:
    for entry in PROVIDER_REGISTRY:
        site = open_site(width=width)
        site.goto(f"providers/{entry.slug}.html")
        lines = site.page.locator("article table code, article .dashtam-badges code").evaluate_all(
            "codes => codes.map(code => [code.textContent, code.getClientRects().length])"
        )
        wrapped = [text for text, rects in lines if rects != 1]
        assert wrapped == [], f"wrapped on {entry.slug} at {width} px"
        _assert_clean(site)
