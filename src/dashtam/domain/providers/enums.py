"""Provider identities, categories and authentication mechanisms."""

from __future__ import annotations

from enum import StrEnum

from dashtam.domain.providers.labelled import LabelledStrEnum


class Provider(StrEnum):
    """Every provider slug Dashtam knows; each must have a registry entry."""

    SCHWAB = "schwab"
    ALPACA = "alpaca"
    CHASE_FILE = "chase_file"


class ProviderCategory(LabelledStrEnum):
    """The kind of financial institution, used to group providers."""

    BROKERAGE = (
        "brokerage",
        "Brokerage",
        "Trading and investment accounts held at a broker.",
    )
    BANK = (
        "bank",
        "Bank",
        "Checking, savings and credit card accounts held at a bank.",
    )
    CRYPTO = (
        "crypto",
        "Crypto",
        "Wallets and accounts at a cryptocurrency exchange.",
    )
    RETIREMENT = (
        "retirement",
        "Retirement",
        "Retirement plans such as a 401(k) or an IRA administered by a plan provider.",
    )
    INVESTMENT = (
        "investment",
        "Investment",
        "Managed investment products such as robo-advisors and fund platforms.",
    )
    OTHER = (
        "other",
        "Other",
        "Institutions that fit none of the other categories.",
    )


class ProviderAuthType(LabelledStrEnum):
    """How Dashtam obtains access to a provider's data."""

    OAUTH = (
        "oauth",
        "OAuth",
        "The user grants access on the provider's site through an OAuth 2.0 "
        "authorization-code flow; Dashtam stores and refreshes the tokens.",
    )
    API_KEY = (
        "api_key",
        "API Key",
        "The user supplies an API key and secret that Dashtam sends with each request.",
    )
    FILE_IMPORT = (
        "file_import",
        "File Import",
        "The user downloads an export file from the institution and uploads it to Dashtam.",
    )
    LINK_TOKEN = (
        "link_token",
        "Link Token",
        "A third-party aggregator such as Plaid issues a link token that connects the account.",
    )
    CERTIFICATE = (
        "certificate",
        "Certificate",
        "Dashtam authenticates with a client certificate issued by the provider.",
    )
