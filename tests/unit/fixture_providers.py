"""A fictional registry for mechanism tests: slugs, schemas, settings and implementations.

Tests of the container, the OAuth flow, validation and ``check`` use these instead of
the real providers, so adding or changing a real provider never breaks them. The
slugs start with ``fixture_``: obviously no institution's name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Final, Literal
from urllib.parse import urlencode

import httpx
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from dashtam.core.container import UnimplementedProviderError
from dashtam.domain.providers import (
    ApiKeySetup,
    FileImportSetup,
    ImportFormat,
    OAuthSetup,
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    ProviderMetadata,
    ProviderRegistry,
)
from dashtam.domain.providers.config import (
    HttpBaseUrl,
    HttpClientConfig,
    OAuthRedirectConfig,
    ProviderConfig,
    settings_field,
)
from dashtam.domain.providers.models import Account, OAuthTokens, Secret, Transaction
from dashtam.domain.providers.protocols import ProviderProtocol, ReportsCapabilities
from dashtam.infrastructure.providers.http import ProviderHttpClient


class FixtureSlug(StrEnum):
    """The fixture registry's "Provider enum"."""

    OAUTH = "fixture_oauth"
    KEYS = "fixture_keys"
    FILES = "fixture_files"
    LEGACY = "fixture_legacy"


#: A slug no fixture registry contains.
UNREGISTERED: Final = "fixture_unregistered"

FixtureMode = Literal["sandbox", "live"]


class FixtureOAuthConfig(OAuthRedirectConfig, HttpClientConfig):
    """An OAuth app's credentials plus a mode with allowed values."""

    fixture_oauth_client_id: SecretStr = Field(description="Client ID of the fixture app.")
    fixture_oauth_client_secret: SecretStr = Field(description="Secret of the fixture app.")
    fixture_oauth_mode: FixtureMode = Field(default="sandbox", description="Which API to use.")


class FixtureKeysConfig(HttpClientConfig):
    """An API-key provider: only where its API lives."""

    fixture_keys_base_url: HttpBaseUrl = Field(
        default="https://keys.fixture.example", description="Base URL of the fixture API."
    )


class FixtureFilesConfig(ProviderConfig):
    """A file-import provider reads no settings."""


class FixtureSettings(BaseSettings, OAuthRedirectConfig, HttpClientConfig):
    """What ``Settings`` would be for the fixture registry; reads no ``.env`` file."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=False)

    fixture_oauth_client_id: SecretStr | None = settings_field(
        FixtureOAuthConfig, "fixture_oauth_client_id"
    )
    fixture_oauth_client_secret: SecretStr | None = settings_field(
        FixtureOAuthConfig, "fixture_oauth_client_secret"
    )
    fixture_oauth_mode: FixtureMode = settings_field(FixtureOAuthConfig, "fixture_oauth_mode")
    fixture_keys_base_url: HttpBaseUrl = settings_field(FixtureKeysConfig, "fixture_keys_base_url")
    fixture_legacy_token: SecretStr | None = Field(
        default=None, description="Token of the provider without a schema."
    )


def fixture_settings(**values: object) -> FixtureSettings:
    """FixtureSettings with both OAuth credentials set, then ``values``."""
    fields: dict[str, object] = {
        "fixture_oauth_client_id": "fixture-client-id",
        "fixture_oauth_client_secret": "fixture-client-secret",
        "fixture_legacy_token": "fixture-legacy-token",
        **values,
    }
    return FixtureSettings.model_validate(fields)


OAUTH_SETUP: Final = OAuthSetup(
    developer_portal_url="https://developer.fixture.example",
    authorization_url="https://auth.fixture.example/authorize",
    token_url="https://auth.fixture.example/token",
    scopes=["read"],
    access_token_minutes=30,
    refresh_token_days=7,
)
KEYS_SETUP: Final = ApiKeySetup(
    key_page_url="https://keys.fixture.example/keys",
    key_header="X-Fixture-Key",
    secret_header="X-Fixture-Secret",
)
FILES_SETUP: Final = FileImportSetup(
    formats=[ImportFormat.CSV],
    export_steps=["Export the statement as CSV."],
    max_file_bytes=1024,
)

OAUTH_ENTRY: Final = ProviderMetadata(
    slug=FixtureSlug.OAUTH,  # type: ignore[arg-type]
    display_name="Fixture OAuth Brokerage",
    category=ProviderCategory.BROKERAGE,
    auth_type=ProviderAuthType.OAUTH,
    capabilities=[ProviderCapability.ACCOUNTS],
    required_settings=["fixture_oauth_client_id", "fixture_oauth_client_secret"],
    setup=OAUTH_SETUP,
    config_schema=FixtureOAuthConfig,
)
KEYS_ENTRY: Final = ProviderMetadata(
    slug=FixtureSlug.KEYS,  # type: ignore[arg-type]
    display_name="Fixture Key Exchange",
    category=ProviderCategory.CRYPTO,
    auth_type=ProviderAuthType.API_KEY,
    capabilities=[ProviderCapability.ACCOUNTS, ProviderCapability.TRANSACTIONS],
    required_settings=[],
    setup=KEYS_SETUP,
    config_schema=FixtureKeysConfig,
)
FILES_ENTRY: Final = ProviderMetadata(
    slug=FixtureSlug.FILES,  # type: ignore[arg-type]
    display_name="Fixture File Bank",
    category=ProviderCategory.BANK,
    auth_type=ProviderAuthType.FILE_IMPORT,
    capabilities=[ProviderCapability.TRANSACTIONS],
    required_settings=[],
    setup=FILES_SETUP,
    config_schema=FixtureFilesConfig,
)
#: Not migrated to a schema yet: the container falls back to ``required_settings``.
LEGACY_ENTRY: Final = ProviderMetadata(
    slug=FixtureSlug.LEGACY,  # type: ignore[arg-type]
    display_name="Fixture Legacy Certificate Bank",
    category=ProviderCategory.BANK,
    auth_type=ProviderAuthType.CERTIFICATE,
    capabilities=[ProviderCapability.ACCOUNTS],
    required_settings=["fixture_legacy_token"],
)

FIXTURE_REGISTRY: Final = ProviderRegistry([OAUTH_ENTRY, KEYS_ENTRY, FILES_ENTRY, LEGACY_ENTRY])
FIXTURE_SLUGS: Final = tuple(str(slug) for slug in FixtureSlug)


class FixtureOAuthProvider(ReportsCapabilities):
    """An OAuth brokerage whose token endpoint answers through ``http``."""

    slug: Final = FixtureSlug.OAUTH

    def __init__(
        self,
        *,
        config: FixtureOAuthConfig,
        setup: OAuthSetup,
        http: ProviderHttpClient,
        redirect_uri: str,
    ) -> None:
        self.config = config
        self.setup = setup
        self.http = http
        self.redirect_uri = redirect_uri

    def authorization_url(self, state: str, *, code_challenge: str | None = None) -> str:
        params = {
            "client_id": self.config.fixture_oauth_client_id.get_secret_value(),
            "redirect_uri": self.redirect_uri,
            "state": state,
        }
        if code_challenge is not None:
            params |= {"code_challenge": code_challenge, "code_challenge_method": "S256"}
        return f"{self.setup.authorization_url}?{urlencode(params)}"

    def exchange_code(self, code: str, *, code_verifier: Secret | None = None) -> OAuthTokens:
        form = {"grant_type": "authorization_code", "code": code}
        if code_verifier is not None:
            form["code_verifier"] = code_verifier.reveal()
        return self._tokens(form)

    def refresh_tokens(self, refresh_token: Secret) -> OAuthTokens:
        return self._tokens(
            {"grant_type": "refresh_token", "refresh_token": refresh_token.reveal()}
        )

    def _tokens(self, form: dict[str, str]) -> OAuthTokens:
        body = json.loads(self.http.request("POST", self.setup.token_url, data=form).content)
        return OAuthTokens(
            access_token=Secret(body["access_token"]),
            refresh_token=Secret(body["refresh_token"]),
            expires_at=datetime.now(UTC) + timedelta(seconds=body["expires_in"]),
        )

    def fetch_accounts(self) -> Sequence[Account]:
        return []


class FixtureKeysProvider(ReportsCapabilities):
    slug: Final = FixtureSlug.KEYS

    def __init__(
        self, *, config: FixtureKeysConfig, setup: ApiKeySetup, http: ProviderHttpClient
    ) -> None:
        self.config = config
        self.setup = setup
        self.http = http

    def fetch_accounts(self) -> Sequence[Account]:
        return [
            Account(
                provider_account_id="fixture-1",
                name="Fixture",
                account_type="crypto",
                currency="USD",
                balance=Decimal("1"),
            )
        ]

    def fetch_transactions(self, account_id: str, start: date, end: date) -> Sequence[Transaction]:
        return []


class FixtureFilesProvider(ReportsCapabilities):
    slug: Final = FixtureSlug.FILES

    def __init__(self, *, config: FixtureFilesConfig, setup: FileImportSetup) -> None:
        self.config = config
        self.setup = setup

    def fetch_transactions(self, account_id: str, start: date, end: date) -> Sequence[Transaction]:
        return []


class FixtureLegacyProvider(ReportsCapabilities):
    """Built the pre-schema way: from the whole settings object."""

    slug: Final = FixtureSlug.LEGACY

    def __init__(self, *, settings: FixtureSettings) -> None:
        self.settings = settings

    def fetch_accounts(self) -> Sequence[Account]:
        return []


def fixture_implementation(slug: str) -> type[ProviderProtocol]:
    """The fixture registry's ``implementation_class``."""
    match slug:
        case FixtureSlug.OAUTH:
            return FixtureOAuthProvider
        case FixtureSlug.KEYS:
            return FixtureKeysProvider
        case FixtureSlug.FILES:
            return FixtureFilesProvider
        case FixtureSlug.LEGACY:
            return FixtureLegacyProvider
        case _:
            raise UnimplementedProviderError(slug)


def token_endpoint(
    requests: list[httpx.Request],
) -> Callable[[httpx.Request], httpx.Response]:
    """A MockTransport handler for the fixture token endpoint; records each request."""

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(
            200, json={"access_token": "AT-1", "refresh_token": "RT-1", "expires_in": 1800}
        )

    return answer
