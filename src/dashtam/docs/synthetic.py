"""Synthetic registries of any size that pass ``validate_registry``, for benchmarks and tests.

Every category, auth type and capability mix appears, each with a matching setup record;
output is a pure function of ``(size, seed)``. Slugs belong to a ``StrEnum`` made at run
time, so validate with ``declared_slugs=registry_slugs(registry)``. A docs build documents
one with ``DASHTAM_DOCS_REGISTRY=dashtam.docs.synthetic:from_environment``.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from enum import StrEnum
from typing import Final, TypeVar, cast

from dashtam.domain.providers import (
    ApiKeySetup,
    FileImportSetup,
    ImportFormat,
    OAuthSetup,
    Provider,
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    ProviderMetadata,
    ProviderRegistry,
    ProviderSetup,
    SampleFile,
)

#: Environment variable naming how many providers :func:`from_environment` builds.
SIZE_ENV: Final = "DASHTAM_SYNTHETIC_PROVIDERS"
#: Optional environment variable with the seed :func:`from_environment` uses.
SEED_ENV: Final = "DASHTAM_SYNTHETIC_SEED"
DEFAULT_SEED: Final = 20260101

_T = TypeVar("_T")

# Weights roughly follow a real aggregator's catalogue: mostly banks and brokers.
_CATEGORY_WEIGHTS: Final = {
    ProviderCategory.BANK: 40,
    ProviderCategory.BROKERAGE: 25,
    ProviderCategory.CRYPTO: 10,
    ProviderCategory.RETIREMENT: 10,
    ProviderCategory.INVESTMENT: 10,
    ProviderCategory.OTHER: 5,
}
_AUTH_WEIGHTS: Final = {
    ProviderAuthType.OAUTH: 45,
    ProviderAuthType.API_KEY: 20,
    ProviderAuthType.FILE_IMPORT: 25,
    ProviderAuthType.LINK_TOKEN: 7,
    ProviderAuthType.CERTIFICATE: 3,
}
_NAME_FIRST: Final = (
    "Northwind",
    "Summit",
    "Harbor",
    "Pioneer",
    "Granite",
    "Bluewater",
    "Redwood",
    "Lakeside",
    "Meridian",
    "Keystone",
    "Evergreen",
    "Silver Oak",
    "Prairie",
    "Beacon",
    "Copperline",
    "Ironbridge",
)
_NAME_SECOND: Final = (
    "Federal",
    "Capital",
    "Trust",
    "Mutual",
    "First",
    "United",
    "Coastal",
    "Heritage",
)
_CATEGORY_NOUNS: Final = {
    ProviderCategory.BANK: ("Bank", "Credit Union", "Savings Bank"),
    ProviderCategory.BROKERAGE: ("Securities", "Brokerage", "Markets"),
    ProviderCategory.CRYPTO: ("Exchange", "Digital Assets", "Coin Custody"),
    ProviderCategory.RETIREMENT: ("Retirement Services", "401(k) Plans", "Pension Trust"),
    ProviderCategory.INVESTMENT: ("Wealth", "Advisors", "Fund Platform"),
    ProviderCategory.OTHER: ("Payments", "Rewards", "Lending"),
}
_AUTH_SUFFIX: Final = {ProviderAuthType.FILE_IMPORT: " (File Import)"}


def build_registry(size: int, *, seed: int = DEFAULT_SEED) -> ProviderRegistry:
    """A valid registry of ``size`` providers whose slugs belong to a fresh ``StrEnum``.

    Raises:
        ValueError: If ``size`` is negative.
    """
    if size < 0:
        raise ValueError(f"A synthetic registry needs a size of 0 or more providers, got {size}.")
    rng = random.Random(seed)
    drafts = [_draft(rng, position) for position in range(1, size + 1)]
    members = [(slug.upper(), slug) for slug, *_ in drafts]
    # Functional API: mypy cannot see members that exist only at run time.
    slugs = StrEnum("SyntheticProvider", members)  # type: ignore[misc]
    entries = []
    for slug, name, category, auth_type in drafts:
        member = slugs(slug)
        entries.append(
            ProviderMetadata(
                # ProviderMetadata types the slug as the real Provider enum; any StrEnum
                # member works at run time, which is what synthetic registries rely on.
                slug=cast(Provider, member),
                display_name=name,
                category=category,
                auth_type=auth_type,
                capabilities=_capabilities(rng, category, auth_type),
                required_settings=_required_settings(slug, auth_type),
                homepage_url=f"https://www.{slug.replace('_', '-')}.example",
                setup=_setup(rng, slug, name, auth_type),
            )
        )
    return ProviderRegistry(entries)


def registry_slugs(registry: Sequence[ProviderMetadata]) -> tuple[str, ...]:
    """The slugs to pass as ``declared_slugs`` when validating a synthetic registry."""
    return tuple(str(entry.slug) for entry in registry)


def from_environment() -> ProviderRegistry:
    """A registry sized by :data:`SIZE_ENV` (and seeded by :data:`SEED_ENV`, if set)."""
    raw_size = os.environ.get(SIZE_ENV)
    if raw_size is None or not raw_size.strip().isdigit():
        raise ValueError(
            f"{SIZE_ENV} must be set to the number of synthetic providers to build "
            f"(a whole number such as 1000), got {raw_size!r}. "
            f"Set it, e.g. {SIZE_ENV}=1000, next to DASHTAM_DOCS_REGISTRY."
        )
    raw_seed = os.environ.get(SEED_ENV, str(DEFAULT_SEED))
    if not raw_seed.strip().lstrip("-").isdigit():
        raise ValueError(
            f"{SEED_ENV} must be an integer seed, got {raw_seed!r}; unset it or set a number."
        )
    return build_registry(int(raw_size), seed=int(raw_seed))


def _draft(
    rng: random.Random, position: int
) -> tuple[str, str, ProviderCategory, ProviderAuthType]:
    category = _weighted(rng, _CATEGORY_WEIGHTS)
    auth_type = _weighted(rng, _AUTH_WEIGHTS)
    first = rng.choice(_NAME_FIRST)
    second = rng.choice(_NAME_SECOND)
    noun = rng.choice(_CATEGORY_NOUNS[category])
    # The position keeps names and slugs unique however the words repeat.
    name = f"{first} {second} {noun} {position}{_AUTH_SUFFIX.get(auth_type, '')}"
    stem = f"{first}_{second}".lower().replace(" ", "_")
    slug = f"{stem}_{position:05d}"
    if auth_type is ProviderAuthType.FILE_IMPORT:
        slug += "_file"
    return slug, name, category, auth_type


def _weighted(rng: random.Random, weights: dict[_T, int]) -> _T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _capabilities(
    rng: random.Random, category: ProviderCategory, auth_type: ProviderAuthType
) -> list[ProviderCapability]:
    if auth_type is ProviderAuthType.FILE_IMPORT:
        # An export file carries transactions, sometimes a running balance.
        extra = [ProviderCapability.BALANCE_HISTORY] if rng.random() < 0.3 else []
        return [ProviderCapability.TRANSACTIONS, *extra]
    chosen = {ProviderCapability.ACCOUNTS, ProviderCapability.TRANSACTIONS}
    if (
        category
        in {
            ProviderCategory.BROKERAGE,
            ProviderCategory.RETIREMENT,
            ProviderCategory.INVESTMENT,
            ProviderCategory.CRYPTO,
        }
        and rng.random() < 0.7
    ):
        chosen.add(ProviderCapability.HOLDINGS)
    if rng.random() < 0.25:
        chosen.add(ProviderCapability.BALANCE_HISTORY)
    if rng.random() < 0.1:
        chosen.discard(ProviderCapability.TRANSACTIONS)
    return [capability for capability in ProviderCapability if capability in chosen]


def _required_settings(slug: str, auth_type: ProviderAuthType) -> list[str]:
    if auth_type is ProviderAuthType.OAUTH:
        return [f"{slug}_client_id", f"{slug}_client_secret"]
    if auth_type is ProviderAuthType.LINK_TOKEN:
        return [f"{slug}_link_client_id", f"{slug}_link_secret"]
    if auth_type is ProviderAuthType.CERTIFICATE:
        return [f"{slug}_certificate_path"]
    # API keys are passed per request; file imports hold no credentials.
    return []


def _setup(
    rng: random.Random, slug: str, name: str, auth_type: ProviderAuthType
) -> ProviderSetup | None:
    host = slug.replace("_", "-")
    if auth_type is ProviderAuthType.OAUTH:
        return OAuthSetup(
            developer_portal_url=f"https://developer.{host}.example",
            authorization_url=f"https://api.{host}.example/oauth/authorize",
            token_url=f"https://api.{host}.example/oauth/token",
            scopes=rng.choice((["read"], ["accounts:read", "transactions:read"], ["readonly"])),
            access_token_minutes=rng.choice((15, 30, 60)),
            refresh_token_days=rng.choice((7, 30, 90)),
        )
    if auth_type is ProviderAuthType.API_KEY:
        prefix = host.split("-")[0].upper()
        return ApiKeySetup(
            key_page_url=f"https://app.{host}.example/settings/api-keys",
            key_header=f"{prefix}-API-KEY-ID",
            secret_header=f"{prefix}-API-SECRET-KEY",
        )
    if auth_type is ProviderAuthType.FILE_IMPORT:
        formats = [ImportFormat.CSV, *rng.sample([ImportFormat.QFX, ImportFormat.OFX], k=1)]
        return FileImportSetup(
            formats=formats,
            export_steps=[
                f"Sign in at {host}.example and open the account.",
                "Select Download transactions above the transaction list.",
                f"Choose {' or '.join(fmt.label for fmt in formats)} and the date range.",
                "Save the file and upload it to Dashtam.",
            ],
            max_file_bytes=rng.choice((2, 5, 10)) * 1024 * 1024,
            samples=[
                SampleFile(
                    name=f"{host}-checking.csv",
                    format=ImportFormat.CSV,
                    content=(
                        "Date,Description,Amount,Balance\n"
                        f"01/03/2026,{name.upper()[:20]} FEE,-2.50,1520.90\n"
                        "01/02/2026,PAYROLL ACME CORP,2500.00,1523.40\n"
                    ),
                )
            ],
        )
    # Link-token and certificate providers take no setup record.
    return None
