"""Feature flags: the registry's ``enabled``/``beta``/``min_version`` plus operator overrides.

Operators take a provider out of service, or mark it beta, without a code change:
``DISABLED_PROVIDERS`` and ``BETA_PROVIDERS`` hold comma-separated slugs. Both are
read once per settings object and checked against the registry; anything that is
not a registered slug (an empty item, ``SCHWAB``, ``<script>``) is an error listing
every bad item of both variables at once and the registered slugs. Items are
quoted with anything outside ``[A-Za-z0-9_.-]`` escaped, so a hostile value cannot
inject markup into a page or a terminal that shows the message.

``min_version`` is compared with the installed ``dashtam`` distribution's version
(PEP 440, via ``packaging``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import Final

from packaging.version import Version
from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict

from dashtam.core.settings import Settings
from dashtam.domain.providers.metadata import ProviderMetadata
from dashtam.domain.providers.registry import (
    PROVIDER_REGISTRY,
    REGISTRY_SOURCE,
    ProviderRegistry,
    as_registry,
)

DISABLED_VARIABLE: Final = "DISABLED_PROVIDERS"
BETA_VARIABLE: Final = "BETA_PROVIDERS"
#: The settings field each variable is read from.
_FIELDS: Final = {DISABLED_VARIABLE: "disabled_providers", BETA_VARIABLE: "beta_providers"}
_PLAIN: Final = re.compile(r"[A-Za-z0-9_.-]")
_MAX_SHOWN: Final = 40


class ProviderFlagsError(ValueError):
    """``DISABLED_PROVIDERS`` or ``BETA_PROVIDERS`` names something that is not a slug.

    Attributes:
        problems: ``(variable, what is wrong)`` for every bad item of both variables.
    """

    def __init__(self, problems: Iterable[tuple[str, str]], registered: Iterable[str]) -> None:
        self.problems = tuple(problems)
        slugs = ", ".join(registered) or "(none)"
        variables = sorted({variable for variable, _ in self.problems})
        lines = "\n".join(f"  - {variable}: {problem}" for variable, problem in self.problems)
        super().__init__(
            f"{' and '.join(variables)} must list registered provider slugs, comma-separated "
            f"(e.g. {variables[0]}=schwab,alpaca), or be empty:\n{lines}\n"
            f"Registered providers: {slugs}."
        )


class ProviderDisabledError(LookupError):
    """The container refuses a provider that is disabled or needs a newer Dashtam.

    Attributes:
        provider: The slug.
        reason: Why, naming the variable or registry field responsible.
    """

    def __init__(self, provider: str, reason: str, fix: str) -> None:
        self.provider = provider
        self.reason = reason
        super().__init__(f"Provider {provider} is unavailable: {reason}. {fix}")


@dataclass(frozen=True, kw_only=True)
class ProviderFlags:
    """One provider's effective flags: the registry's, with the operator's overrides.

    Attributes:
        slug: The provider.
        enabled: Whether the provider may be used.
        beta: Whether it is marked beta (registry or ``BETA_PROVIDERS``).
        min_version: The registry's ``min_version``.
        disabled_by: Why it is disabled (``None`` when enabled).
    """

    slug: str
    enabled: bool
    beta: bool
    min_version: str | None
    disabled_by: str | None

    def ensure_enabled(self) -> ProviderFlags:
        """These flags, if the provider may be used.

        Raises:
            ProviderDisabledError: Naming why it is not, and what re-enables it.
        """
        if self.disabled_by is not None:
            raise ProviderDisabledError(self.slug, self.disabled_by, self.fix)
        return self

    @property
    def fix(self) -> str:
        """What re-enables the provider."""
        if self.disabled_by is None:
            return "Nothing to do."
        if DISABLED_VARIABLE in self.disabled_by:
            return f"Remove {self.slug} from {DISABLED_VARIABLE} to enable it."
        if "min_version" in self.disabled_by:
            return f"Upgrade Dashtam to {self.min_version} or later."
        return f"Set enabled=True in its entry in {REGISTRY_SOURCE} once it works again."


@lru_cache(maxsize=1)
def installed_version() -> str:
    """The installed ``dashtam`` distribution's version (``0`` when not installed)."""
    try:
        return version("dashtam")
    except PackageNotFoundError:
        return "0"


def parse_provider_list(
    variable: str, raw: str, registry: ProviderRegistry
) -> tuple[frozenset[str], list[tuple[str, str]]]:
    """The slugs ``raw`` lists, and every problem with it as ``(variable, problem)``.

    Items are separated by commas and stripped of surrounding blanks; an empty
    value means none. Slugs are compared exactly (they are lower case).
    """
    if not raw.strip():
        return frozenset(), []
    slugs: set[str] = set()
    problems: list[tuple[str, str]] = []
    registered = [str(entry.slug) for entry in registry]
    for position, item in enumerate(raw.split(","), start=1):
        item = item.strip()
        if not item:
            problems.append((variable, f"item {position} is empty (a doubled or stray comma)"))
        elif registry.find(item) is None:
            hint = ""
            if item.lower() in registered:
                hint = f" (slugs are lower case: did you mean {item.lower()!r}?)"
            problems.append(
                (variable, f"item {position}, {quoted(item)}, is not a registered slug{hint}")
            )
        else:
            slugs.add(item)
    return frozenset(slugs), problems


def quoted(text: str) -> str:
    """``text`` in quotes, shortened, with every character outside ``[A-Za-z0-9_.-]`` escaped."""
    shown = text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "..."
    escaped = "".join(c if _PLAIN.fullmatch(c) else f"\\x{ord(c):02x}" for c in shown)
    return f"'{escaped}'"


def provider_flags(
    settings: BaseModel,
    registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
    *,
    dashtam_version: str | None = None,
) -> Mapping[str, ProviderFlags]:
    """Every provider's effective flags, by slug, in registry order.

    Settings models without the two fields (a test's own) override nothing.

    Raises:
        ProviderFlagsError: Either variable holds anything but registered slugs;
            every bad item of both is named.
    """
    entries = as_registry(registry)
    overrides = _overrides(settings, entries)
    installed = Version(dashtam_version or installed_version())
    return {str(entry.slug): _flags(entry, overrides, installed) for entry in entries}


class OperatorOverrides(BaseSettings):
    """Only the two override variables, read from the environment and ``.env`` as
    :class:`~dashtam.core.settings.Settings` reads them: a docs build needs these and
    must not be held to (or echo) any other setting."""

    model_config = SettingsConfigDict(**Settings.model_config)

    disabled_providers: str = ""
    beta_providers: str = ""


def with_operator_flags(
    registry: Iterable[ProviderMetadata], settings: BaseModel
) -> tuple[ProviderMetadata, ...]:
    """The registry as this deployment runs it, for the docs it builds.

    Entries ``DISABLED_PROVIDERS`` lists get ``enabled=False``, those ``BETA_PROVIDERS``
    lists ``beta=True``; the pages then show their Disabled / Beta badges.

    Raises:
        ProviderFlagsError: See :func:`provider_flags`.
    """
    entries = as_registry(registry)
    overrides = _overrides(settings, entries)
    return tuple(
        replace(
            entry,
            enabled=bool(entry.enabled) and str(entry.slug) not in overrides[DISABLED_VARIABLE],
            beta=bool(entry.beta) or str(entry.slug) in overrides[BETA_VARIABLE],
        )
        for entry in entries
    )


def ensure_available(
    metadata: ProviderMetadata,
    settings: BaseModel,
    registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
) -> ProviderFlags:
    """The provider's flags, if it may be used.

    Raises:
        ProviderFlagsError: See :func:`provider_flags`.
        ProviderDisabledError: It is disabled, or needs a newer Dashtam.
    """
    # Only this entry's flags; the overrides are still checked in full.
    overrides = _overrides(settings, as_registry(registry))
    return _flags(metadata, overrides, Version(installed_version())).ensure_enabled()


def _overrides(settings: BaseModel, entries: ProviderRegistry) -> dict[str, frozenset[str]]:
    """Variable -> the slugs it lists; every bad item of both variables raised at once."""
    overrides: dict[str, frozenset[str]] = {}
    problems: list[tuple[str, str]] = []
    for variable, field in _FIELDS.items():
        raw = getattr(settings, field, None)
        slugs, found = parse_provider_list(variable, raw if isinstance(raw, str) else "", entries)
        overrides[variable] = slugs
        problems.extend(found)
    if problems:
        raise ProviderFlagsError(problems, [str(entry.slug) for entry in entries])
    return overrides


def _flags(
    entry: ProviderMetadata, overrides: Mapping[str, frozenset[str]], installed: Version
) -> ProviderFlags:
    slug = str(entry.slug)
    disabled_by: str | None = None
    if slug in overrides[DISABLED_VARIABLE]:
        disabled_by = f"disabled by {DISABLED_VARIABLE}"
    elif not entry.enabled:
        disabled_by = f"disabled in the provider registry (enabled=False in {REGISTRY_SOURCE})"
    elif entry.min_version is not None and installed < Version(entry.min_version):
        disabled_by = (
            f"requires Dashtam >= {entry.min_version} (min_version in {REGISTRY_SOURCE}), "
            f"but {installed} is installed"
        )
    return ProviderFlags(
        slug=slug,
        enabled=disabled_by is None,
        beta=bool(entry.beta) or slug in overrides[BETA_VARIABLE],
        min_version=entry.min_version,
        disabled_by=disabled_by,
    )
