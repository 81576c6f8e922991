"""OAuth plumbing: registry-derived callback routes and PKCE (the flow: tests/service)."""

from __future__ import annotations

import re
from dataclasses import replace

from fixture_providers import (
    FIXTURE_REGISTRY,
    KEYS_ENTRY,
    OAUTH_ENTRY,
    OAUTH_SETUP,
)

from dashtam.core.oauth import (
    CALLBACK_PATH_TEMPLATE,
    code_challenge_s256,
    new_code_verifier,
    oauth_callback_path,
    oauth_callback_paths,
    oauth_redirect_uri,
)
from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    ProviderAuthType,
    get_oauth_providers,
)
from dashtam.domain.providers.models import Secret

OAUTH = str(OAUTH_ENTRY.slug)
KEYS = str(KEYS_ENTRY.slug)


# Callback routes ---------------------------------------------------------------------


def test_the_real_registry_s_oauth_providers_each_get_a_callback_route() -> None:
    assert set(oauth_callback_paths()) == get_oauth_providers()
    for entry in PROVIDER_REGISTRY:
        if entry.auth_type is ProviderAuthType.OAUTH:
            assert oauth_callback_paths()[entry.slug] == f"/oauth/{entry.slug}/callback"
    assert CALLBACK_PATH_TEMPLATE == "/oauth/{slug}/callback"


def test_a_new_oauth_provider_gets_a_route_without_touching_routing_code() -> None:
    keys_as_oauth = replace(KEYS_ENTRY, auth_type=ProviderAuthType.OAUTH, setup=OAUTH_SETUP)
    registry = [*FIXTURE_REGISTRY, keys_as_oauth]
    assert oauth_callback_paths(FIXTURE_REGISTRY) == {OAUTH: "/oauth/fixture_oauth/callback"}
    assert oauth_callback_paths(registry) == {
        OAUTH: "/oauth/fixture_oauth/callback",
        KEYS: "/oauth/fixture_keys/callback",
    }
    assert list(oauth_callback_paths(registry)) == [OAUTH, KEYS]


def test_redirect_uri_is_base_url_plus_callback_path() -> None:
    assert oauth_redirect_uri("https://dashtam.example/", OAUTH) == (
        "https://dashtam.example/oauth/fixture_oauth/callback"
    )
    assert oauth_callback_path("odd/slug") == "/oauth/odd%2Fslug/callback"


# PKCE --------------------------------------------------------------------------------


def test_s256_challenge_matches_rfc_7636_appendix_b() -> None:
    verifier = Secret("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
    assert code_challenge_s256(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_verifiers_are_rfc_7636_shaped_and_never_repeat() -> None:
    verifiers = [new_code_verifier().reveal() for _ in range(50)]
    assert len(set(verifiers)) == 50
    for verifier in verifiers:
        assert 43 <= len(verifier) <= 128
        assert re.fullmatch(r"[A-Za-z0-9\-._~]+", verifier)
