"""Auth-type-specific setup facts of a provider, kept on its registry entry.

The docs' setup pages and the implementations read the same record (Schwab's
endpoints and scopes, Chase's accepted formats), so a fact is written once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashtam.domain.providers.labelled import LabelledStrEnum


class ImportFormat(LabelledStrEnum):
    """A file format a file-import provider accepts."""

    CSV = (
        "csv",
        "CSV",
        "Comma-separated values, the spreadsheet-style export most banks offer.",
    )
    QFX = (
        "qfx",
        "QFX",
        "Quicken Web Connect, an OFX file with Quicken's additions.",
    )
    OFX = (
        "ofx",
        "OFX",
        "Open Financial Exchange, the standard format for financial statements.",
    )


@dataclass(frozen=True, kw_only=True)
class OAuthSetup:
    """How a user registers an OAuth app and how Dashtam talks to the provider.

    Attributes:
        developer_portal_url: Where the app is registered and its credentials shown.
        authorization_url: The endpoint the user is sent to for consent.
        token_url: The endpoint that exchanges codes and refreshes tokens.
        scopes: Scopes requested at authorization.
        access_token_minutes: How long an access token lives.
        refresh_token_days: How long a refresh token lives; after that the user
            must authorize again.
        requires_https_redirect: The provider accepts only ``https://`` redirect URIs,
            so the setup guide shows the https form and how to serve Dashtam over TLS.
    """

    developer_portal_url: str
    authorization_url: str
    token_url: str
    scopes: Sequence[str] = ()
    access_token_minutes: int
    refresh_token_days: int
    requires_https_redirect: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "scopes", tuple(self.scopes))


@dataclass(frozen=True, kw_only=True)
class ApiKeySetup:
    """Where a user creates the API key that Dashtam sends with each request.

    Attributes:
        key_page_url: The provider page where keys are created.
        key_header: HTTP header that carries the key id.
        secret_header: HTTP header that carries the secret.
    """

    key_page_url: str
    key_header: str
    secret_header: str


@dataclass(frozen=True, kw_only=True)
class SampleFile:
    """A small, real-shaped example of an accepted export, printed in the docs."""

    name: str
    format: ImportFormat
    content: str


@dataclass(frozen=True, kw_only=True)
class FileImportSetup:
    """What a file-import provider accepts and how users get such a file.

    Attributes:
        formats: The accepted formats; the importer handles exactly these.
        export_steps: How to download the file from the institution, one step each.
        max_file_bytes: Larger uploads are rejected before parsing.
        samples: Example files, one per layout the importer understands.
    """

    formats: Sequence[ImportFormat]
    export_steps: Sequence[str]
    max_file_bytes: int
    samples: Sequence[SampleFile] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "formats", tuple(self.formats))
        object.__setattr__(self, "export_steps", tuple(self.export_steps))
        object.__setattr__(self, "samples", tuple(self.samples))


ProviderSetup = OAuthSetup | ApiKeySetup | FileImportSetup
