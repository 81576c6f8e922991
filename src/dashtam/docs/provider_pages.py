"""One setup page per provider: summary, prose, capabilities, auth-type setup, settings.

Each fact comes from the registry entry, its setup record, the enums' labels and
descriptions, or the settings model; the hand-written prose is the only text written
by a person, and it is merged in as it is.
"""

from __future__ import annotations

from dashtam.docs.badges import badges, health_check_text
from dashtam.docs.escape import md_code, md_text, md_url
from dashtam.docs.links import auth_type_link, capability_link, category_link, link
from dashtam.docs.markup import code_list, join_blocks, page_start, table
from dashtam.docs.model import ProviderFacts, SiteModel
from dashtam.docs.paths import CATALOGUE
from dashtam.docs.settings_section import settings_section
from dashtam.docs.setup_sections import (
    api_key_section,
    file_import_section,
    generic_section,
    oauth_section,
)
from dashtam.domain.providers import ApiKeySetup, FileImportSetup, OAuthSetup, ProviderAuthType


def render_provider_page(facts: ProviderFacts, site: SiteModel) -> str:
    """``providers/<slug>.md`` for one provider."""
    entry = facts.entry
    page = facts.page
    intro = (
        f"{md_text(entry.display_name)} is a {category_link(entry.category, page)} provider; "
        f"Dashtam connects to it through {auth_type_link(entry.auth_type, page)}. "
        f"Back to the [catalogue]({link(page, CATALOGUE)})."
    )
    capability_names = ", ".join(capability.label for capability in facts.capabilities)
    description = (
        f"How to connect {entry.display_name} to Dashtam ({entry.category.label}, "
        f"{entry.auth_type.label}): setup steps, settings and what Dashtam gets "
        f"({capability_names})."
    )
    capabilities = table(
        ["Capability", "What Dashtam gets"],
        [
            [capability_link(capability, page), md_text(capability.description)]
            for capability in facts.capabilities
        ],
    )
    return join_blocks(
        page_start(entry.display_name, intro, description),
        badge_row(facts),
        facts.prose,
        "## Capabilities {#capabilities}",
        capabilities,
        _setup_section(facts, site),
        settings_section(facts),
    )


def badge_row(facts: ProviderFacts) -> str:
    """Flag badges and chips for category, auth type and capabilities, then slug, env vars,
    homepage and health check.

    A ``markdown`` block (md_in_html) so the links inside are ordinary Markdown links
    that MkDocs checks and rewrites; blank lines keep every parser reading them as such.
    """
    entry = facts.entry
    page = facts.page
    chips = " ".join(
        [
            *filter(None, [badges(entry)]),
            category_link(entry.category, page),
            auth_type_link(entry.auth_type, page),
            *(capability_link(capability, page) for capability in facts.capabilities),
        ]
    )
    details = [
        f"Slug {md_code(facts.slug)}",
        f"Env vars to set: {code_list(facts.required_env_vars)}",
    ]
    if entry.homepage_url:
        details.append(f"Homepage: {md_url(entry.homepage_url)}")
    details.append(f"Health check: {health_check_text(entry)}")
    return join_blocks(
        '<div class="dashtam-badges" markdown>',
        chips,
        " · ".join(details),
        "</div>",
    )


def _setup_section(facts: ProviderFacts, site: SiteModel) -> str:
    setup = facts.entry.setup
    auth_type = facts.entry.auth_type
    if auth_type is ProviderAuthType.OAUTH and isinstance(setup, OAuthSetup):
        return oauth_section(facts, setup, site.base_url)
    if auth_type is ProviderAuthType.API_KEY and isinstance(setup, ApiKeySetup):
        return api_key_section(facts, setup)
    if auth_type is ProviderAuthType.FILE_IMPORT and isinstance(setup, FileImportSetup):
        return file_import_section(facts, setup)
    return generic_section(facts)
