"""The facts pages are rendered from, and every problem that would make a page wrong.

:func:`build_site_model` applies the rules of ``validate_registry`` that pages depend
on, then the docs' own (slug pattern, reserved slugs, orphan prose, unknown settings),
and reports all problems in one :class:`~dashtam.docs.errors.DocsBuildError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

import pydantic

from dashtam.docs.errors import DocsBuildError
from dashtam.docs.paths import RESERVED_SLUGS, SLUG_PATTERN, prose_file, provider_page
from dashtam.docs.settings_facts import SettingInfo, public_base_url, settings_of
from dashtam.domain.providers import (
    REGISTRY_SOURCE,
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    ProviderMetadata,
    validate_registry,
)

#: How many registered slugs an error message lists before summarising the rest.
_SLUGS_SHOWN: Final = 30
#: The fields whose ``validate_registry`` problems would make a page wrong: a slug given
#: twice (pages overwrite each other) or too long for a file name, a missing or unsafe
#: name or URL, a category, auth type or capability that is not an enum member (no label
#: to print), or a setup record (or one of its fields, ``setup.max_file_bytes``) of the
#: wrong type. Setting names are printed as they are (escaped), so their rules are left
#: to the registry check.
PAGE_FIELDS: Final = frozenset(
    {"slug", "display_name", "homepage_url", "category", "auth_type", "capabilities", "setup"}
)

_Key = TypeVar("_Key", ProviderCategory, ProviderAuthType)


@dataclass(frozen=True, kw_only=True)
class ProviderFacts:
    """One registry entry with the settings facts its pages print.

    Attributes:
        entry: The registry entry.
        slug: ``str(entry.slug)``.
        capabilities: The entry's capabilities, in registry order.
        settings: Every setting the implementation reads, as the setup page lists them.
        required_env_vars: Env vars of the entry's ``required_settings``.
        prose: Hand-written Markdown merged into the page ("" when there is none).
    """

    entry: ProviderMetadata
    slug: str
    capabilities: tuple[ProviderCapability, ...]
    settings: tuple[SettingInfo, ...]
    required_env_vars: tuple[str, ...]
    prose: str

    @property
    def page(self) -> str:
        """This provider's page, relative to the docs folder."""
        return provider_page(self.slug)


@dataclass(frozen=True, kw_only=True)
class SiteModel:
    """Everything the renderers need, in registry order.

    Attributes:
        providers: One :class:`ProviderFacts` per registry entry.
        base_url: The settings field that prefixes OAuth redirect URIs, if the model
            has one.
        settings_model: The settings class the facts were read from (never instantiated).
    """

    providers: tuple[ProviderFacts, ...]
    base_url: SettingInfo | None
    settings_model: type[pydantic.BaseModel]

    @property
    def entries(self) -> tuple[ProviderMetadata, ...]:
        """The registry entries, in registry order."""
        return tuple(facts.entry for facts in self.providers)

    def by_category(self) -> dict[ProviderCategory, list[ProviderFacts]]:
        """Providers per category, categories in enum order, only those with providers."""
        return _group(self.providers, ProviderCategory, lambda facts: facts.entry.category)

    def by_auth_type(self) -> dict[ProviderAuthType, list[ProviderFacts]]:
        """Providers per auth type, auth types in enum order, only those with providers."""
        return _group(self.providers, ProviderAuthType, lambda facts: facts.entry.auth_type)

    def by_capability(self) -> dict[ProviderCapability, list[ProviderFacts]]:
        """Providers per capability, capabilities in enum order, only those with providers."""
        groups: dict[ProviderCapability, list[ProviderFacts]] = {
            capability: [] for capability in ProviderCapability
        }
        for facts in self.providers:
            for capability in dict.fromkeys(facts.capabilities):
                groups[capability].append(facts)
        return {capability: members for capability, members in groups.items() if members}


def _group(
    providers: Sequence[ProviderFacts],
    keys: Iterable[_Key],
    key_of: Callable[[ProviderFacts], _Key],
) -> dict[_Key, list[ProviderFacts]]:
    groups: dict[_Key, list[ProviderFacts]] = {key: [] for key in keys}
    for facts in providers:
        groups[key_of(facts)].append(facts)
    return {key: members for key, members in groups.items() if members}


def build_site_model(
    registry: Iterable[ProviderMetadata],
    settings_model: type[pydantic.BaseModel],
    *,
    provider_settings: Mapping[str, Sequence[str]] | None = None,
    prose: Mapping[str, str] | None = None,
    allow_unknown_settings: bool = False,
) -> SiteModel:
    """Check ``registry`` against the settings model and the prose, and gather page facts.

    Args:
        registry: Any registry: the real one, or a synthetic one for tests/benchmarks.
        settings_model: The settings class (never instantiated).
        provider_settings: Slug -> every settings field the implementation reads;
            defaults to each entry's ``required_settings``.
        prose: Slug -> hand-written Markdown for that provider's page.
        allow_unknown_settings: Show a setting the model does not define as
            "not a settings field" instead of failing. For synthetic registries, whose
            settings exist in no model; the real registry must name real fields.

    Raises:
        DocsBuildError: Listing every problem found, each with how to fix it.
    """
    entries = tuple(registry)
    settings_read = provider_settings or {}
    prose = prose or {}
    problems: list[str] = []
    registered = [str(entry.slug) for entry in entries]
    registered_set = frozenset(registered)

    problems.extend(_registry_problems(entries))
    for slug in sorted(set(prose) - registered_set):
        problems.append(
            f"The prose file {prose_file(slug)} (in the docs folder) is for provider "
            f"{slug!r}, which is not in the registry. Registered slugs: "
            f"{_slug_list(registered)}. Rename the file to <slug>.md for one of them, or "
            f"delete it."
        )
    for slug in sorted(set(settings_read) - registered_set):
        problems.append(
            f"provider_settings names provider {slug!r}, which is not in the registry. "
            f"Registered slugs: {_slug_list(registered)}. Remove it from the mapping passed "
            f"to render_site, or register the provider in {REGISTRY_SOURCE}."
        )

    providers: list[ProviderFacts] = []
    for entry, slug in zip(entries, registered, strict=True):
        infos, missing = settings_of(
            entry,
            settings_read.get(slug, ()),
            settings_model,
            allow_unknown=allow_unknown_settings,
        )
        problems.extend(missing)
        required = frozenset(entry.required_settings)
        providers.append(
            ProviderFacts(
                entry=entry,
                slug=slug,
                capabilities=tuple(entry.capabilities),
                settings=infos,
                required_env_vars=tuple(info.env_var for info in infos if info.name in required),
                prose=prose.get(slug, ""),
            )
        )
    if problems:
        raise DocsBuildError(problems)
    return SiteModel(
        providers=tuple(providers),
        base_url=public_base_url(settings_model),
        settings_model=settings_model,
    )


def _registry_problems(entries: Sequence[ProviderMetadata]) -> Iterable[str]:
    """The domain's rules for what every page needs, then the docs' own rules for page names."""
    slugs = [str(entry.slug) for entry in entries]
    for problem in validate_registry(entries, declared_slugs=slugs):
        if problem.field.partition(".")[0] in PAGE_FIELDS:
            yield str(problem)
    for slug in dict.fromkeys(slugs):
        if not SLUG_PATTERN.fullmatch(slug):
            yield (
                f"Provider slug {slug!r} cannot be used as a page name: a slug must be "
                f"lower-case letters, digits, '_' or '-', starting with a letter or digit. "
                f"Change the Provider enum value in {REGISTRY_SOURCE}'s entry."
            )
        elif slug in RESERVED_SLUGS:
            yield (
                f"Provider slug {slug!r} would overwrite the generated page "
                f"{provider_page(slug)}; reserved slugs are {sorted(RESERVED_SLUGS)}. "
                f"Choose another slug."
            )


def _slug_list(slugs: Sequence[str]) -> str:
    if not slugs:
        return "(none)"
    shown = ", ".join(slugs[:_SLUGS_SHOWN])
    rest = len(slugs) - _SLUGS_SHOWN
    return f"{shown} and {rest} more" if rest > 0 else shown
