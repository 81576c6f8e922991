"""``render_site``: every generated page of the documentation site, from any registry.

Pure: no MkDocs, no file or environment access. Everything is checked before any page
is rendered, so a problem never leaves half a site.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pydantic

from dashtam.core.discovery import PageUrl
from dashtam.docs.api_reference import (
    API_REFERENCE,
    OPENAPI_JSON,
    render_api_reference,
    render_openapi_json,
    service_openapi,
)
from dashtam.docs.catalogue import (
    render_auth_type_page,
    render_capability_page,
    render_catalogue,
    render_category_page,
)
from dashtam.docs.errors import DocsBuildError
from dashtam.docs.markers import expand_markers, marker_problems
from dashtam.docs.model import SiteModel, build_site_model
from dashtam.docs.nav import NavItem, render_summary, site_nav
from dashtam.docs.paths import (
    CATALOGUE,
    PROVIDERS_JSON,
    PROVIDERS_SCHEMA,
    STATISTICS,
    SUMMARY,
    auth_type_page,
    capability_page,
    category_page,
    page_url,
)
from dashtam.docs.provider_pages import render_provider_page
from dashtam.docs.providers_json import render_providers_json, render_providers_schema
from dashtam.docs.statistics import render_statistics
from dashtam.domain.providers import ProviderMetadata


def render_site(
    registry: Iterable[ProviderMetadata],
    settings_model: type[pydantic.BaseModel],
    *,
    provider_settings: Mapping[str, Sequence[str]] | None = None,
    prose: Mapping[str, str] | None = None,
    handwritten: Mapping[str, str] | None = None,
    allow_unknown_settings: bool = False,
    url_of: PageUrl = page_url,
) -> dict[str, str]:
    """Every generated page: ``{path relative to the docs folder: content}``.

    Args:
        registry: Any registry (the real one, or a synthetic one for tests/benchmarks).
        settings_model: The settings class; read for field descriptions, defaults and
            secrecy, never instantiated.
        provider_settings: Slug -> every settings field the provider's implementation
            reads; defaults to each entry's ``required_settings``.
        prose: Slug -> hand-written Markdown merged into that provider's page.
        handwritten: Hand-written pages (path -> Markdown) that embed generated
            fragments through marker comments; returned with the markers expanded.
            Pages without a marker are not returned (they need no rewriting).
        allow_unknown_settings: List settings the model does not define as such
            instead of failing; for synthetic registries only.
        url_of: A page's URL relative to the site root, as the site generator serves
            it (``providers.json`` links each provider's page); directory URLs by default.

    Returns:
        Pages in a stable order: ``SUMMARY.md``, ``providers.json`` and its schema, the catalogue,
        statistics, category, auth-type and capability pages, provider pages in registry order, the
        service's API reference and its OpenAPI document (always the real service's), then the
        expanded hand-written pages.

    Raises:
        DocsBuildError: Listing every problem (orphan prose, unknown settings, slugs that
            are not safe page names, unknown markers); nothing is rendered then.
    """
    handwritten = handwritten or {}
    site = check_site(
        registry,
        settings_model,
        provider_settings=provider_settings,
        prose=prose,
        handwritten=handwritten,
        allow_unknown_settings=allow_unknown_settings,
    )
    return site_pages(site, handwritten, url_of=url_of)


def check_site(
    registry: Iterable[ProviderMetadata],
    settings_model: type[pydantic.BaseModel],
    *,
    provider_settings: Mapping[str, Sequence[str]] | None = None,
    prose: Mapping[str, str] | None = None,
    handwritten: Mapping[str, str] | None = None,
    allow_unknown_settings: bool = False,
) -> SiteModel:
    """The checked :class:`SiteModel` for :func:`render_site`'s arguments.

    Raises:
        DocsBuildError: As :func:`render_site`.
    """
    markers = marker_problems(handwritten or {})
    try:
        site = build_site_model(
            registry,
            settings_model,
            provider_settings=provider_settings,
            prose=prose,
            allow_unknown_settings=allow_unknown_settings,
        )
    except DocsBuildError as error:
        raise DocsBuildError([*error.problems, *markers]) from None
    if markers:
        raise DocsBuildError(markers)
    return site


def site_pages(
    site: SiteModel,
    handwritten: Mapping[str, str],
    *,
    url_of: PageUrl = page_url,
    nav: Sequence[NavItem] | None = None,
) -> dict[str, str]:
    """Every page of an already checked site, in :func:`render_site`'s order.

    ``nav`` is :func:`site_nav`'s navigation when the caller has built it already.
    """
    pages = {
        SUMMARY: render_summary(site_nav(site) if nav is None else nav),
        PROVIDERS_JSON: render_providers_json(site, url_of),
        PROVIDERS_SCHEMA: render_providers_schema(),
        CATALOGUE: render_catalogue(site),
        STATISTICS: render_statistics(site),
    }
    for category, members in site.by_category().items():
        pages[category_page(category)] = render_category_page(category, members)
    for auth_type, members in site.by_auth_type().items():
        pages[auth_type_page(auth_type)] = render_auth_type_page(auth_type, members)
    for capability, members in site.by_capability().items():
        pages[capability_page(capability)] = render_capability_page(capability, members)
    for facts in site.providers:
        pages[facts.page] = render_provider_page(facts, site)
    openapi = service_openapi()
    pages[API_REFERENCE] = render_api_reference(openapi)
    pages[OPENAPI_JSON] = render_openapi_json(openapi)
    for path in sorted(handwritten):
        expanded = expand_markers(handwritten[path], site, path)
        if expanded != handwritten[path]:
            pages[path] = expanded
    return pages
