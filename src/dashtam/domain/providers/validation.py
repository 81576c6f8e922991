"""Registry validation: one check per concern, every problem reported in one run.

Each check yields :class:`RegistryProblem` records naming the provider, the field,
what is wrong and how to fix it, so a developer adding a provider sees the whole
list at once instead of fixing one error per test run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Final

from packaging.version import InvalidVersion, Version

from dashtam.domain.providers.capabilities import ProviderCapability
from dashtam.domain.providers.enums import Provider, ProviderAuthType, ProviderCategory
from dashtam.domain.providers.input_rules import (
    MAX_NAME_CHARS,
    MAX_SLUG_CHARS,
    slug_problem,
    text_problem,
    url_problem,
)
from dashtam.domain.providers.metadata import ProviderMetadata
from dashtam.domain.providers.registry import PROVIDER_REGISTRY, REGISTRY_SOURCE
from dashtam.domain.providers.setup import ApiKeySetup, FileImportSetup, OAuthSetup
from dashtam.domain.providers.setup_rules import setup_field_problems

#: A settings field name: lower_snake_case, starting with a letter.
SETTING_NAME_PATTERN: Final = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
SETTINGS_SOURCE: Final = "src/dashtam/core/settings.py"
ENUMS_SOURCE: Final = "src/dashtam/domain/providers/enums.py"
_URL_FIX: Final = (
    "Set {field} to the provider's public https:// address (a host name, no "
    "user:password@) in the entry for {slug!r} in " + REGISTRY_SOURCE + "."
)


@dataclass(frozen=True)
class RegistryProblem:
    """One thing wrong with one field of one registry entry, and how to fix it."""

    provider: str
    field: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"[{self.provider}] {self.field}: {self.problem} Fix: {self.fix}"


class RegistryValidationError(ValueError):
    """Raised by :func:`check_registry`; carries every problem found."""

    def __init__(self, problems: Sequence[RegistryProblem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"The provider registry has {len(self.problems)} problem(s):\n{lines}")


Check = Callable[[Sequence[ProviderMetadata]], Iterator[RegistryProblem]]


def validate_registry(
    entries: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
    *,
    known_settings: Collection[str] | None = None,
    declared_slugs: Iterable[str] = tuple(Provider),
) -> list[RegistryProblem]:
    """Every problem in ``entries``, in one list (empty when the registry is sound).

    Args:
        entries: The registry to check.
        known_settings: Field names of the settings model. The domain cannot import
            it, so ``dashtam.core.registry_check`` passes them in; ``None`` skips only
            the "is a settings field" rule.
        declared_slugs: Slugs that must each have an entry: the ``Provider`` enum by
            default, the synthetic slugs when checking a synthetic registry.
    """
    registry = tuple(entries)
    declared = tuple(str(slug) for slug in declared_slugs)
    checks: list[Check] = [
        _check_unique_slugs,
        _check_slug_lengths,
        lambda reg: _check_declared_slugs(reg, declared),
        _check_display_names,
        _check_homepage_urls,
        _check_enum_fields,
        _check_capabilities,
        _check_setting_names,
        _check_setup,
        _check_setup_fields,
        _check_flags,
        _check_health_checks,
    ]
    if known_settings is not None:
        known = frozenset(known_settings)
        checks.append(lambda reg: _check_settings_exist(reg, known))
    return [problem for check in checks for problem in check(registry)]


def check_registry(
    entries: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
    *,
    known_settings: Collection[str] | None = None,
    declared_slugs: Iterable[str] = tuple(Provider),
) -> None:
    """Raise :class:`RegistryValidationError` listing every problem, if there are any."""
    problems = validate_registry(
        entries, known_settings=known_settings, declared_slugs=declared_slugs
    )
    if problems:
        raise RegistryValidationError(problems)


def _check_unique_slugs(registry: Sequence[ProviderMetadata]) -> Iterator[RegistryProblem]:
    positions: dict[str, list[int]] = {}
    for position, entry in enumerate(registry, start=1):
        positions.setdefault(str(entry.slug), []).append(position)
    for slug, found_at in positions.items():
        if len(found_at) > 1:
            where = ", ".join(f"#{position}" for position in found_at)
            yield RegistryProblem(
                slug,
                "slug",
                f"is registered {len(found_at)} times (entries {where}); slugs must be unique.",
                f"Keep one ProviderMetadata entry for {slug!r} in PROVIDER_REGISTRY "
                f"({REGISTRY_SOURCE}) and merge the others into it.",
            )


def _check_declared_slugs(
    registry: Sequence[ProviderMetadata], declared: Sequence[str]
) -> Iterator[RegistryProblem]:
    registered = {str(entry.slug) for entry in registry}
    declared_set = set(declared)
    for slug in declared:
        if slug not in registered:
            yield RegistryProblem(
                slug,
                "slug",
                "is declared in the Provider enum but has no registry entry.",
                f"Add ProviderMetadata(slug=Provider.{slug.upper()}, ...) to PROVIDER_REGISTRY "
                f"in {REGISTRY_SOURCE}, or remove the member from Provider in {ENUMS_SOURCE}.",
            )
    for entry in registry:
        slug = str(entry.slug)
        if slug not in declared_set:
            yield RegistryProblem(
                slug,
                "slug",
                "has a registry entry but is not a member of the Provider enum.",
                f"Add {slug.upper()} = {slug!r} to Provider in {ENUMS_SOURCE} and use "
                f"slug=Provider.{slug.upper()} in the entry.",
            )


def _check_slug_lengths(registry: Sequence[ProviderMetadata]) -> Iterator[RegistryProblem]:
    for entry in registry:
        problem = slug_problem(str(entry.slug))
        if problem is not None:
            yield RegistryProblem(
                str(entry.slug)[:MAX_SLUG_CHARS] + "...",
                "slug",
                f"{problem}.",
                f"Shorten the Provider enum value in {ENUMS_SOURCE} to at most "
                f"{MAX_SLUG_CHARS} characters.",
            )


def _check_display_names(registry: Sequence[ProviderMetadata]) -> Iterator[RegistryProblem]:
    for entry in registry:
        slug = str(entry.slug)
        name = entry.display_name
        if not isinstance(name, str) or not name.strip():
            yield RegistryProblem(
                slug,
                "display_name",
                f"is empty ({name!r:.40}); the docs and UI need a human-readable name.",
                f"Set display_name to the institution's name, e.g. display_name='Charles Schwab', "
                f"in the entry for {slug!r} in {REGISTRY_SOURCE}.",
            )
            continue
        problem = text_problem(name, MAX_NAME_CHARS)
        if problem is not None:
            yield RegistryProblem(
                slug,
                "display_name",
                f"{problem}.",
                f"Write the institution's name as plain text of at most {MAX_NAME_CHARS} "
                f"characters in the entry for {slug!r} in {REGISTRY_SOURCE}.",
            )


def _check_homepage_urls(registry: Sequence[ProviderMetadata]) -> Iterator[RegistryProblem]:
    for entry in registry:
        if entry.homepage_url is None:
            continue
        problem = url_problem(entry.homepage_url)
        if problem is not None:
            yield RegistryProblem(
                str(entry.slug),
                "homepage_url",
                f"{problem}.",
                _URL_FIX.format(field="homepage_url", slug=str(entry.slug)),
            )


def _check_enum_fields(registry: Sequence[ProviderMetadata]) -> Iterator[RegistryProblem]:
    fields: tuple[tuple[str, type[Enum]], ...] = (
        ("category", ProviderCategory),
        ("auth_type", ProviderAuthType),
    )
    for entry in registry:
        for field, enum in fields:
            value = getattr(entry, field)
            if not isinstance(value, enum):
                yield RegistryProblem(
                    str(entry.slug),
                    field,
                    f"is {value!r}, which is not a {enum.__name__} member.",
                    f"Use one of {_members(enum)}.",
                )


def _check_capabilities(registry: Sequence[ProviderMetadata]) -> Iterator[RegistryProblem]:
    for entry in registry:
        slug = str(entry.slug)
        if not entry.capabilities:
            yield RegistryProblem(
                slug,
                "capabilities",
                "is empty; every provider must deliver at least one kind of data.",
                f"List what the provider implements, e.g. "
                f"capabilities=[ProviderCapability.TRANSACTIONS], in {REGISTRY_SOURCE}.",
            )
        for capability, count in Counter(entry.capabilities).items():
            if not isinstance(capability, ProviderCapability):
                yield RegistryProblem(
                    slug,
                    "capabilities",
                    f"contains {capability!r}, which is not a ProviderCapability member.",
                    f"Use one of {_members(ProviderCapability)}.",
                )
            elif count > 1:
                yield RegistryProblem(
                    slug,
                    "capabilities",
                    f"lists {capability.name} {count} times.",
                    f"Remove the repeated ProviderCapability.{capability.name}.",
                )


def _check_setting_names(registry: Sequence[ProviderMetadata]) -> Iterator[RegistryProblem]:
    for entry in registry:
        slug = str(entry.slug)
        for name, count in Counter(entry.required_settings).items():
            if not isinstance(name, str) or not SETTING_NAME_PATTERN.fullmatch(name):
                yield RegistryProblem(
                    slug,
                    "required_settings",
                    f"contains {name!r}, which is not a lower_snake_case settings field name.",
                    f"Name the settings field without a prefix, in lower_snake_case "
                    f"(e.g. '{slug}_client_id', read from the env var {slug.upper()}_CLIENT_ID).",
                )
            elif count > 1:
                yield RegistryProblem(
                    slug,
                    "required_settings",
                    f"lists {name!r} {count} times.",
                    f"Remove the repeated {name!r}.",
                )


def _check_settings_exist(
    registry: Sequence[ProviderMetadata], known: frozenset[str]
) -> Iterator[RegistryProblem]:
    for entry in registry:
        for name in dict.fromkeys(entry.required_settings):
            if isinstance(name, str) and SETTING_NAME_PATTERN.fullmatch(name) and name not in known:
                yield RegistryProblem(
                    str(entry.slug),
                    "required_settings",
                    f"names {name!r}, which is not a field of the Settings model, so it can "
                    f"never be set.",
                    f"Add a field `{name}` with a description to Settings in {SETTINGS_SOURCE} "
                    f"(read from the env var {name.upper()}), or fix the name in the registry.",
                )


#: The setup record each auth type needs; auth types not listed take none.
SETUP_TYPES: Final[dict[ProviderAuthType, type]] = {
    ProviderAuthType.OAUTH: OAuthSetup,
    ProviderAuthType.API_KEY: ApiKeySetup,
    ProviderAuthType.FILE_IMPORT: FileImportSetup,
}


def _check_setup(registry: Sequence[ProviderMetadata]) -> Iterator[RegistryProblem]:
    for entry in registry:
        if not isinstance(entry.auth_type, ProviderAuthType):
            continue  # _check_enum_fields reports it; which setup it needs is unknown
        expected = SETUP_TYPES.get(entry.auth_type)
        actual = type(entry.setup)
        if expected is None and entry.setup is not None:
            yield RegistryProblem(
                str(entry.slug),
                "setup",
                f"is a {actual.__name__}, but auth type {entry.auth_type!s} takes no setup record.",
                "Remove setup=... from the entry, or change auth_type.",
            )
        elif expected is not None and not isinstance(entry.setup, expected):
            found = "missing" if entry.setup is None else f"a {actual.__name__}"
            yield RegistryProblem(
                str(entry.slug),
                "setup",
                f"is {found}; a provider with auth_type={entry.auth_type!s} needs "
                f"{expected.__name__}(...) (the docs' setup page and the implementation read it).",
                f"Add setup={expected.__name__}(...) to the entry in {REGISTRY_SOURCE}.",
            )


def _check_setup_fields(registry: Sequence[ProviderMetadata]) -> Iterator[RegistryProblem]:
    """Every field of a setup record of the right type: typed, bounded, plain text."""
    for entry in registry:
        expected = SETUP_TYPES.get(entry.auth_type)
        if entry.setup is None or expected is None or not isinstance(entry.setup, expected):
            continue  # _check_setup reports a missing or mismatched record
        slug = str(entry.slug)
        for field, problem, expectation in setup_field_problems(entry.setup):
            yield RegistryProblem(
                slug,
                f"setup.{field}",
                f"{problem}.",
                f"Make setup.{field} {expectation} in the entry for {slug!r} in {REGISTRY_SOURCE}.",
            )


#: The shortest interval between two health checks: more often only adds load.
MIN_HEALTH_CHECK_INTERVAL: Final = 10


def _check_flags(registry: Sequence[ProviderMetadata]) -> Iterator[RegistryProblem]:
    for entry in registry:
        slug = str(entry.slug)
        for field in ("enabled", "beta"):
            value = getattr(entry, field)
            if not isinstance(value, bool):
                yield RegistryProblem(
                    slug,
                    field,
                    f"is {value!r}; it must be True or False.",
                    f"Write {field}=True or {field}=False in the entry in {REGISTRY_SOURCE}.",
                )
        if entry.min_version is not None and not _is_version(entry.min_version):
            yield RegistryProblem(
                slug,
                "min_version",
                f"is {entry.min_version!r}, which is not a PEP 440 version.",
                f"Write the oldest Dashtam release the provider runs on, e.g. "
                f"min_version='0.2.0', or None, in {REGISTRY_SOURCE}.",
            )


def _check_health_checks(registry: Sequence[ProviderMetadata]) -> Iterator[RegistryProblem]:
    for entry in registry:
        slug = str(entry.slug)
        url = entry.health_check_url
        problem = url_problem(url) if url is not None else None
        if problem is not None:
            yield RegistryProblem(
                slug,
                "health_check_url",
                f"{problem}; it must be a plain http(s) URL.",
                f"Use the provider's documented status page or a cheap unauthenticated "
                f"endpoint (e.g. 'https://status.example.com/api/v2/status.json'), or None, "
                f"in {REGISTRY_SOURCE}.",
            )
        interval = entry.health_check_interval
        if (
            not isinstance(interval, int)
            or isinstance(interval, bool)
            or interval < MIN_HEALTH_CHECK_INTERVAL
        ):
            yield RegistryProblem(
                slug,
                "health_check_interval",
                f"is {interval!r}; it must be a whole number of seconds, at least "
                f"{MIN_HEALTH_CHECK_INTERVAL}.",
                f"Set health_check_interval=300 (the default) or another number of seconds "
                f">= {MIN_HEALTH_CHECK_INTERVAL} in {REGISTRY_SOURCE}.",
            )


def _is_version(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        Version(text)
    except InvalidVersion:
        return False
    return True


def _members(enum: type[Enum]) -> str:
    return ", ".join(f"{enum.__name__}.{member.name}" for member in enum)
