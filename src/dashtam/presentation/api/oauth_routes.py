"""OAuth routes, registered from the registry: one authorize and one callback per provider.

Exactly the paths of :func:`~dashtam.core.oauth.oauth_callback_paths` are served,
with no catch-all: a slug that is not an OAuth provider has no route and gets a 404.
A failed callback gets a 400 page that says what happened and links to a fresh
start; nothing is sent to the provider unless state and browser both check out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Annotated, Final

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from dashtam.core.container.errors import ProviderConfigError
from dashtam.core.flags import ProviderDisabledError
from dashtam.core.oauth import (
    COOKIE_NAME,
    oauth_authorize_path,
    oauth_callback_paths,
)
from dashtam.core.service import Services
from dashtam.domain.providers.errors import ProviderError
from dashtam.domain.providers.metadata import ProviderMetadata
from dashtam.domain.providers.registry import as_registry, get_provider_metadata
from dashtam.presentation.api.dependencies import services_of
from dashtam.presentation.api.pages import page

#: The browser cookie outlives any one flow; a state expires long before it.
COOKIE_MAX_AGE: Final = timedelta(days=1)
#: Provider error codes of RFC 6749 section 4.1.2.1, explained in plain words.
_PROVIDER_ERRORS: Final = {
    "access_denied": "You declined the request, so nothing was connected.",
    "invalid_request": "The provider found the request malformed.",
    "unauthorized_client": "The provider does not allow this Dashtam app to ask for access.",
    "unsupported_response_type": "The provider does not support this kind of request.",
    "invalid_scope": "The provider refused the access Dashtam asked for.",
    "server_error": "The provider had an internal error.",
    "temporarily_unavailable": "The provider is temporarily unavailable.",
}
_MAX_DESCRIPTION: Final = 300


class ConnectionOut(BaseModel):
    """A stored connection as the API shows it: never a token."""

    provider: str
    token_type: str
    scope: str | None
    expires_at: str
    has_refresh_token: bool


ServicesDep = Annotated[Services, Depends(services_of)]


def add_oauth_routes(app: FastAPI, registry: Iterable[ProviderMetadata]) -> None:
    """Add authorize, callback and refresh routes for every OAuth provider of ``registry``."""
    entries = as_registry(registry)
    for slug, callback_path in oauth_callback_paths(entries).items():
        name = get_provider_metadata(slug, entries).display_name
        app.add_api_route(
            oauth_authorize_path(slug),
            _authorize(str(slug), name),
            methods=["GET"],
            name=f"oauth_authorize_{slug}",
            summary=f"Connect {name}: redirect to its consent page",
            tags=["oauth"],
            status_code=302,
            response_class=RedirectResponse,
        )
        app.add_api_route(
            callback_path,
            _callback(str(slug), name),
            methods=["GET"],
            name=f"oauth_callback_{slug}",
            summary=f"{name}'s OAuth callback",
            tags=["oauth"],
        )
        app.add_api_route(
            f"/api/v1/connections/{slug}/refresh",
            _refresh(str(slug)),
            methods=["POST"],
            name=f"connection_refresh_{slug}",
            summary=f"Refresh {name}'s stored tokens (rotated, stored encrypted)",
            tags=["connections"],
            response_model=ConnectionOut,
        )


def _start_again(slug: str, name: str) -> tuple[str, str]:
    return oauth_authorize_path(slug), f"Start connecting {name} again"


def _refused_if_disabled(services: Services, slug: str, name: str) -> Response | None:
    """The 403 page for a provider taken out of service, or ``None`` if it may be used."""
    try:
        services.ensure_enabled(slug)
    except ProviderDisabledError as error:
        return page(
            f"{name} is disabled",
            [str(error), "Nothing was sent to the provider."],
            status_code=403,
        )
    return None


def _authorize(slug: str, name: str) -> Callable[..., Response]:
    def authorize(request: Request, services: ServicesDep) -> Response:
        refused = _refused_if_disabled(services, slug, name)
        if refused is not None:
            return refused
        binding = services.browser.read(request.cookies.get(COOKIE_NAME))
        cookie = None
        if binding is None:
            binding, cookie = services.browser.new()
        try:
            begun = services.flow.begin_authorization(slug, browser=binding)
        except ProviderConfigError as error:
            return page(
                f"{name} is not configured",
                [str(error), "Set the variables named above and restart Dashtam."],
                status_code=503,
            )
        response = RedirectResponse(begun.url, status_code=302)
        if cookie is not None:
            response.set_cookie(
                COOKIE_NAME,
                cookie,
                max_age=int(COOKIE_MAX_AGE.total_seconds()),
                path="/oauth",
                httponly=True,
                samesite="lax",
                secure=services.settings.public_base_url.startswith("https://"),
            )
        response.headers["Cache-Control"] = "no-store"
        return response

    return authorize


def _callback(slug: str, name: str) -> Callable[..., Response]:
    def callback(
        request: Request,
        services: ServicesDep,
        state: str | None = None,
        code: str | None = None,
        error: str | None = None,
        error_description: str | None = None,
    ) -> Response:
        # Disabled after its flow began: refused before the state is redeemed.
        refused = _refused_if_disabled(services, slug, name)
        if refused is not None:
            return refused
        if error is not None:
            explained = _PROVIDER_ERRORS.get(error, "The provider reported an error.")
            details = [explained]
            if error_description:
                details.append(f"{name} said: {error_description[:_MAX_DESCRIPTION]}")
            details.append("Nothing was connected and no tokens were requested.")
            return page(
                f"{name} did not grant access",
                details,
                status_code=400,
                link=_start_again(slug, name),
            )
        from dashtam.core.oauth.state import OAuthStateError  # the database layer

        binding = services.browser.read(request.cookies.get(COOKIE_NAME))
        try:
            tokens = services.flow.complete_authorization(
                slug, state or "", code or "", browser=binding
            )
        except OAuthStateError as rejected:
            return page(
                f"The {name} connection could not be completed",
                [
                    f"This callback was refused because {rejected.explanation}.",
                    f"Nothing was sent to {name} and no tokens were requested.",
                ],
                status_code=400,
                link=_start_again(slug, name),
            )
        except ProviderConfigError as unconfigured:
            return page(f"{name} is not configured", [str(unconfigured)], status_code=503)
        except ValueError as unusable:
            return page(
                f"The {name} connection could not be completed",
                [str(unusable)],
                status_code=400,
                link=_start_again(slug, name),
            )
        except ProviderError as failed:
            return page(
                f"{name} refused the connection",
                [str(failed), "Nothing was stored."],
                status_code=502,
                link=_start_again(slug, name),
            )
        stored = services.connections.save(slug, tokens)
        return page(
            f"Connected to {name}",
            [
                f"Dashtam stored the connection; its tokens are encrypted at rest. The "
                f"access token is valid until {stored.expires_at.isoformat()}.",
            ],
            status_code=200,
        )

    return callback


def _refresh(slug: str) -> Callable[..., ConnectionOut | Response]:
    def refresh(services: ServicesDep) -> ConnectionOut | Response:
        from dashtam.core.connections import NoConnectionError  # the database layer

        try:
            services.ensure_enabled(slug)
            summary = services.connections.refresh(services.oauth_provider(slug))
        except ProviderDisabledError as disabled:
            return JSONResponse({"detail": str(disabled)}, status_code=403)
        except NoConnectionError as missing:
            return JSONResponse({"detail": str(missing)}, status_code=404)
        except ProviderConfigError as unconfigured:
            return JSONResponse({"detail": str(unconfigured)}, status_code=503)
        except ProviderError as failed:
            return JSONResponse({"detail": str(failed)}, status_code=502)
        return ConnectionOut(
            provider=summary.provider,
            token_type=summary.token_type,
            scope=summary.scope,
            expires_at=summary.expires_at.isoformat(),
            has_refresh_token=summary.has_refresh_token,
        )

    return refresh
