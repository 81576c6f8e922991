"""OAuth callback routes, derived from the registry rather than written by hand.

Every provider whose ``auth_type`` is OAuth gets ``/oauth/<slug>/callback``; the web
layer registers exactly :func:`oauth_callback_paths`, and the redirect URI a
provider is configured with is the public base URL plus the same path, so the
route, the URI sent to the provider and the docs' setup page cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final
from urllib.parse import quote

from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    Provider,
    ProviderMetadata,
    get_oauth_providers,
)

#: The one place the callback path's shape is written.
CALLBACK_PATH_TEMPLATE: Final = "/oauth/{slug}/callback"
#: Where a user starts connecting a provider; the service answers with a 302 to consent.
AUTHORIZE_PATH_TEMPLATE: Final = "/oauth/{slug}/authorize"


def oauth_authorize_path(slug: Provider | str) -> str:
    """The path that begins the authorization of one provider."""
    return AUTHORIZE_PATH_TEMPLATE.format(slug=quote(str(slug), safe=""))


def oauth_callback_path(slug: Provider | str) -> str:
    """The callback path of one provider, e.g. ``/oauth/schwab/callback``."""
    return CALLBACK_PATH_TEMPLATE.format(slug=quote(str(slug), safe=""))


def oauth_callback_paths(
    registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
) -> dict[Provider, str]:
    """Callback path of every OAuth provider, in registry order."""
    entries = tuple(registry)
    oauth = get_oauth_providers(entries)
    return {entry.slug: oauth_callback_path(entry.slug) for entry in entries if entry.slug in oauth}


def oauth_redirect_uri(public_base_url: str, slug: Provider | str) -> str:
    """The redirect URI to register with the provider: base URL plus callback path."""
    return public_base_url.rstrip("/") + oauth_callback_path(slug)
