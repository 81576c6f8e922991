"""PROVIDER_REGISTRY, the single source of truth for provider integrations.

Everything provider-related (the container, OAuth callback routes, settings checks,
the documentation site) reads this module; nothing keeps its own list of providers.
The helpers accept any registry so the docs generator, tests and benchmarks can feed
synthetic ones; :data:`PROVIDER_REGISTRY` is the default.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Final, TypedDict, overload

from dashtam.domain.providers.capabilities import ProviderCapability
from dashtam.domain.providers.config import AlpacaConfig, ChaseFileConfig, SchwabConfig
from dashtam.domain.providers.enums import Provider, ProviderAuthType, ProviderCategory
from dashtam.domain.providers.metadata import ProviderMetadata
from dashtam.domain.providers.setup import (
    ApiKeySetup,
    FileImportSetup,
    ImportFormat,
    OAuthSetup,
    SampleFile,
)

#: Where the registry lives, for error messages and the docs' edit links.
REGISTRY_SOURCE: Final = "src/dashtam/domain/providers/registry.py"


class ProviderRegistry(Sequence[ProviderMetadata]):
    """An immutable, ordered sequence of entries with a slug index built once.

    Lookups by slug are O(1). When two entries share a slug the first one wins the
    index; :func:`~dashtam.domain.providers.validation.validate_registry` reports it.
    """

    __slots__ = ("_entries", "_index")

    def __init__(self, entries: Iterable[ProviderMetadata]) -> None:
        self._entries: tuple[ProviderMetadata, ...] = tuple(entries)
        index: dict[str, ProviderMetadata] = {}
        for entry in self._entries:
            index.setdefault(str(entry.slug), entry)
        self._index: Mapping[str, ProviderMetadata] = MappingProxyType(index)

    @overload
    def __getitem__(self, position: int) -> ProviderMetadata: ...

    @overload
    def __getitem__(self, position: slice) -> Sequence[ProviderMetadata]: ...

    def __getitem__(self, position: int | slice) -> ProviderMetadata | Sequence[ProviderMetadata]:
        return self._entries[position]

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[ProviderMetadata]:
        return iter(self._entries)

    def __repr__(self) -> str:
        slugs = ", ".join(str(entry.slug) for entry in self._entries)
        return f"ProviderRegistry([{slugs}])"

    def find(self, slug: str) -> ProviderMetadata | None:
        """The entry registered under ``slug`` (a ``Provider`` or its value), if any."""
        return self._index.get(str(slug))


PROVIDER_REGISTRY: Final = ProviderRegistry(
    [
        # OAuth providers
        ProviderMetadata(
            slug=Provider.SCHWAB,
            display_name="Charles Schwab",
            category=ProviderCategory.BROKERAGE,
            auth_type=ProviderAuthType.OAUTH,
            capabilities=[ProviderCapability.ACCOUNTS, ProviderCapability.TRANSACTIONS],
            required_settings=["schwab_app_key", "schwab_app_secret"],
            homepage_url="https://www.schwab.com",
            setup=OAuthSetup(
                developer_portal_url="https://developer.schwab.com",
                authorization_url="https://api.schwabapi.com/v1/oauth/authorize",
                token_url="https://api.schwabapi.com/v1/oauth/token",
                scopes=["readonly"],
                access_token_minutes=30,
                refresh_token_days=7,
                requires_https_redirect=True,
            ),
            config_schema=SchwabConfig,
            # Schwab publishes no status page or status API; the developer portal's home
            # page is the cheapest unauthenticated endpoint Schwab documents.
            health_check_url="https://developer.schwab.com",
        ),
        # API key providers
        ProviderMetadata(
            slug=Provider.ALPACA,
            display_name="Alpaca Markets",
            category=ProviderCategory.BROKERAGE,
            auth_type=ProviderAuthType.API_KEY,
            capabilities=[ProviderCapability.ACCOUNTS, ProviderCapability.TRANSACTIONS],
            required_settings=[],  # API key passed per-request
            homepage_url="https://alpaca.markets",
            setup=ApiKeySetup(
                key_page_url="https://app.alpaca.markets/dashboard/overview",
                key_header="APCA-API-KEY-ID",
                secret_header="APCA-API-SECRET-KEY",
            ),
            config_schema=AlpacaConfig,
            # Alpaca's documented status page (status.alpaca.markets), as JSON.
            health_check_url="https://status.alpaca.markets/api/v2/status.json",
        ),
        # File import providers
        ProviderMetadata(
            slug=Provider.CHASE_FILE,
            display_name="Chase (File Import)",
            category=ProviderCategory.BANK,
            auth_type=ProviderAuthType.FILE_IMPORT,
            capabilities=[ProviderCapability.TRANSACTIONS],
            required_settings=[],  # No persistent credentials
            homepage_url="https://www.chase.com",
            setup=FileImportSetup(
                formats=[ImportFormat.CSV, ImportFormat.QFX, ImportFormat.OFX],
                export_steps=[
                    "Sign in at chase.com and open the account.",
                    "Select the download icon above the transaction list.",
                    "Choose the file type (Spreadsheet (Excel, CSV) or Quicken Web Connect "
                    "(QFX)) and the date range.",
                    "Select Download and upload the saved file to Dashtam.",
                ],
                max_file_bytes=5 * 1024 * 1024,
                samples=[
                    SampleFile(
                        name="chase-checking.csv",
                        format=ImportFormat.CSV,
                        content=(
                            "Details,Posting Date,Description,Amount,Type,Balance,"
                            "Check or Slip #\n"
                            "DEBIT,11/03/2026,COFFEE SHOP 1234 NEW YORK NY,-5.75,"
                            "DEBIT_CARD,1523.40,,\n"
                            "CREDIT,11/01/2026,ACME CORP PAYROLL,2500.00,ACH_CREDIT,1529.15,,\n"
                        ),
                    ),
                    SampleFile(
                        name="chase-credit-card.csv",
                        format=ImportFormat.CSV,
                        content=(
                            "Transaction Date,Post Date,Description,Category,Type,Amount,Memo\n"
                            "11/02/2026,11/03/2026,ONLINE BOOKSTORE,Shopping,Sale,-23.99,\n"
                            "11/05/2026,11/05/2026,Payment Thank You-Mobile,,Payment,250.00,\n"
                        ),
                    ),
                    SampleFile(
                        name="chase-checking.qfx",
                        format=ImportFormat.QFX,
                        content=(
                            "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\n"
                            "ENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\n"
                            "OLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
                            "<OFX>\n<SIGNONMSGSRSV1>\n<SONRS>\n"
                            "<STATUS>\n<CODE>0\n<SEVERITY>INFO\n</STATUS>\n"
                            "<DTSERVER>20261103120000.000[-5:EST]\n<LANGUAGE>ENG\n"
                            "<FI>\n<ORG>B1\n<FID>10898\n</FI>\n<INTU.BID>10898\n"
                            "</SONRS>\n</SIGNONMSGSRSV1>\n"
                            "<BANKMSGSRSV1>\n<STMTTRNRS>\n<TRNUID>1\n"
                            "<STATUS>\n<CODE>0\n<SEVERITY>INFO\n</STATUS>\n"
                            "<STMTRS>\n<CURDEF>USD\n"
                            "<BANKACCTFROM>\n<BANKID>322271627\n<ACCTID>000000001234\n"
                            "<ACCTTYPE>CHECKING\n</BANKACCTFROM>\n"
                            "<BANKTRANLIST>\n<DTSTART>20261101120000.000[-5:EST]\n"
                            "<DTEND>20261103120000.000[-5:EST]\n"
                            "<STMTTRN>\n<TRNTYPE>DIRECTDEP\n"
                            "<DTPOSTED>20261101120000.000[-5:EST]\n<TRNAMT>2500.00\n"
                            "<FITID>202611010\n<NAME>ACME CORP PAYROLL\n</STMTTRN>\n"
                            "<STMTTRN>\n<TRNTYPE>DEBIT\n"
                            "<DTPOSTED>20261103120000.000[-5:EST]\n<TRNAMT>-5.75\n"
                            "<FITID>202611030\n<NAME>COFFEE SHOP 1234 NEW YORK NY\n</STMTTRN>\n"
                            "</BANKTRANLIST>\n"
                            "<LEDGERBAL>\n<BALAMT>1523.40\n"
                            "<DTASOF>20261103120000.000[-5:EST]\n</LEDGERBAL>\n"
                            "</STMTRS>\n</STMTTRNRS>\n</BANKMSGSRSV1>\n</OFX>\n"
                        ),
                    ),
                ],
            ),
            config_schema=ChaseFileConfig,
            # A file import calls nothing at Chase: there is nothing to check.
            health_check_url=None,
        ),
    ]
)


def as_registry(entries: Iterable[ProviderMetadata]) -> ProviderRegistry:
    """``entries`` as a :class:`ProviderRegistry`, indexing it only if it is not one."""
    return entries if isinstance(entries, ProviderRegistry) else ProviderRegistry(entries)


def get_provider_metadata(
    slug: Provider | str, registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY
) -> ProviderMetadata:
    """Retrieve metadata for a specific provider.

    Args:
        slug: Provider identifier, as a ``Provider`` member or its value (``"schwab"``).
        registry: The registry to search; the real one by default.

    Returns:
        Provider metadata.

    Raises:
        ValueError: If the provider is not in the registry; the message lists the
            registered slugs.
    """
    entries = as_registry(registry)
    found = entries.find(slug)
    if found is None:
        registered = ", ".join(str(entry.slug) for entry in entries) or "(none)"
        raise ValueError(
            f"Unknown provider {str(slug)!r}: it is not in the provider registry. "
            f"Registered providers: {registered}. To add it, declare it in the Provider "
            f"enum and add a ProviderMetadata entry to PROVIDER_REGISTRY in {REGISTRY_SOURCE}."
        )
    return found


def get_all_provider_slugs(
    registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
) -> list[Provider]:
    """All registered provider slugs, in registry order."""
    return [entry.slug for entry in registry]


def get_oauth_providers(registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY) -> set[Provider]:
    """The slugs of every provider that authenticates with OAuth."""
    return {entry.slug for entry in registry if entry.auth_type is ProviderAuthType.OAUTH}


def get_providers_by_category(
    category: ProviderCategory, registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY
) -> list[ProviderMetadata]:
    """All providers in ``category``, in registry order."""
    return [entry for entry in registry if entry.category is category]


class RegistryStatistics(TypedDict):
    """Counts over a registry; zero counts are left out of the breakdowns.

    Breakdowns are keyed by enum value and ordered as the enum declares its members,
    so the output is deterministic.
    """

    total_providers: int
    oauth_providers: int
    disabled_providers: int
    beta_providers: int
    version_gated_providers: int
    health_checked_providers: int
    categories: dict[str, int]
    auth_types: dict[str, int]
    capabilities: dict[str, int]


def get_statistics(registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY) -> RegistryStatistics:
    """Registry statistics for compliance tests, dashboards and the docs site.

    Returns:
        Total providers, OAuth count; how many are disabled, beta, need a minimum
        Dashtam version or have a health check (the registry's flags, before any
        operator override); and counts by category, auth type and capability.
    """
    entries = tuple(registry)
    return {
        "total_providers": len(entries),
        "oauth_providers": sum(entry.auth_type is ProviderAuthType.OAUTH for entry in entries),
        "disabled_providers": sum(not entry.enabled for entry in entries),
        "beta_providers": sum(bool(entry.beta) for entry in entries),
        "version_gated_providers": sum(entry.min_version is not None for entry in entries),
        "health_checked_providers": sum(entry.health_check_url is not None for entry in entries),
        "categories": _nonzero_counts(ProviderCategory, [entry.category for entry in entries]),
        "auth_types": _nonzero_counts(ProviderAuthType, [entry.auth_type for entry in entries]),
        "capabilities": _nonzero_counts(
            ProviderCapability,
            [capability for entry in entries for capability in set(entry.capabilities)],
        ),
    }


def _nonzero_counts(members: Iterable[str], values: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return {str(member): counts[member] for member in members if member in counts}
