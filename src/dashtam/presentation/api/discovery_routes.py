"""The discovery API: ``GET /api/v1/providers`` and ``GET /api/v1/providers/{slug}``.

The records come from :mod:`dashtam.core.discovery`, the serializer that writes
``providers.json``, with the docs site's page paths, so the API and the published
file hold the same data. The registry cannot change while the app runs, so each
body is serialized once, with a strong ETag; a matching ``If-None-Match`` gets a 304.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Annotated, Any, Final

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response

from dashtam.core.discovery import (
    PROVIDER_RECORD_SCHEMA,
    PROVIDERS_DOCUMENT_SCHEMA,
    provider_records,
    providers_document,
)
from dashtam.core.flags import ProviderFlags
from dashtam.core.settings import Settings
from dashtam.docs.paths import page_url, provider_page
from dashtam.domain.providers.metadata import ProviderMetadata

PROVIDERS_PATH: Final = "/api/v1/providers"
#: The docs site is built with Material's offline plugin, which serves ``page.html`` URLs
#: (no directory URLs); provider records link their page the way the site serves it. A
#: test holds the API equal to the providers.json a build with mkdocs.yml publishes.
SITE_DIRECTORY_URLS: Final = False
#: Clients and proxies may reuse a body for a minute, then revalidate with the ETag.
CACHE_CONTROL: Final = "public, max-age=60, must-revalidate"


class CachedJson:
    """One JSON body serialized once, with its ETag."""

    def __init__(self, data: Any) -> None:
        self.body = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
        self.etag = f'"{hashlib.sha256(self.body).hexdigest()[:32]}"'

    def respond(self, request: Request) -> Response:
        """200 with the body, or 304 when the client already holds it."""
        headers = {"ETag": self.etag, "Cache-Control": CACHE_CONTROL}
        if _matches(request.headers.get("if-none-match"), self.etag):
            return Response(status_code=304, headers=headers)
        return Response(self.body, media_type="application/json", headers=headers)


#: Without started services (no lifespan) the registry's own flags apply.
_NO_FLAGS: Final[Mapping[str, ProviderFlags]] = MappingProxyType({})

#: ``?include_disabled=true`` lists disabled providers too.
IncludeDisabled = Annotated[
    bool, Query(description="Also list disabled providers (their `enabled` is false).")
]


def _matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison of an ``If-None-Match`` list (or ``*``) with ``etag``."""
    if not if_none_match:
        return False
    candidates = [candidate.strip() for candidate in if_none_match.split(",")]
    return "*" in candidates or etag in {c.removeprefix("W/") for c in candidates}


def _openapi_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key != "$schema"}


class _Views:
    """The cached bodies for one set of effective flags: all providers, or enabled only.

    The registry and the flags cannot change while the app runs, so each body is
    built on the first request and reused.
    """

    def __init__(self, records: list[dict[str, Any]], flags: Mapping[str, ProviderFlags]) -> None:
        overlaid = [_with_flags(record, flags.get(record["slug"])) for record in records]
        enabled = [record for record in overlaid if record["enabled"]]
        self.documents = {
            True: CachedJson(providers_document(overlaid)),
            False: CachedJson(providers_document(enabled)),
        }
        self.by_slug = {record["slug"]: CachedJson(record) for record in overlaid}
        self.disabled = {slug: flag for slug, flag in flags.items() if flag.disabled_by is not None}


def _with_flags(record: dict[str, Any], flags: ProviderFlags | None) -> dict[str, Any]:
    """The record with the deployment's effective ``enabled`` and ``beta``."""
    if flags is None:
        return record
    return {**record, "enabled": flags.enabled, "beta": flags.beta}


def add_discovery_routes(app: FastAPI, registry: Iterable[ProviderMetadata]) -> None:
    """Add the two discovery routes, their bodies prepared from ``registry``.

    Disabled providers (the registry's ``enabled``, ``min_version`` or
    ``DISABLED_PROVIDERS``) are left out unless ``?include_disabled=true``; every
    record carries the effective ``enabled`` and ``beta`` (``BETA_PROVIDERS`` too).
    """
    records = provider_records(
        registry,
        Settings,
        lambda page: page_url(page, directory_urls=SITE_DIRECTORY_URLS),
        provider_page,
    )
    registered = [record["slug"] for record in records]
    views: dict[int, _Views] = {}

    def views_for(request: Request) -> _Views:
        services = getattr(request.app.state, "services", None)
        flags: Mapping[str, ProviderFlags] = services.flags if services is not None else _NO_FLAGS
        key = id(flags)
        if key not in views:
            views.clear()
            views[key] = _Views(records, flags)
        return views[key]

    def list_providers(request: Request, include_disabled: IncludeDisabled = False) -> Response:
        return views_for(request).documents[include_disabled].respond(request)

    def get_provider(
        slug: str, request: Request, include_disabled: IncludeDisabled = False
    ) -> Response:
        view = views_for(request)
        cached = view.by_slug.get(slug)
        if cached is None:
            return JSONResponse(
                {
                    "detail": f"No provider {slug!r} is registered. Registered providers: "
                    f"{', '.join(registered) or '(none)'}.",
                    "registered": registered,
                },
                status_code=404,
            )
        disabled = view.disabled.get(slug)
        if disabled is not None and not include_disabled:
            return JSONResponse(
                {
                    "detail": f"Provider {slug} is {disabled.disabled_by}. {disabled.fix} "
                    f"Add ?include_disabled=true to see its record anyway.",
                    "disabled_by": disabled.disabled_by,
                },
                status_code=404,
            )
        return cached.respond(request)

    app.add_api_route(
        PROVIDERS_PATH,
        list_providers,
        methods=["GET"],
        name="list_providers",
        summary="Every registered provider (the data of providers.json)",
        tags=["discovery"],
        responses={
            200: {
                "description": "The providers, in registry order.",
                "content": {
                    "application/json": {"schema": _openapi_schema(PROVIDERS_DOCUMENT_SCHEMA)}
                },
            },
            304: {"description": "The client's copy (If-None-Match) is current."},
        },
    )
    app.add_api_route(
        f"{PROVIDERS_PATH}/{{slug}}",
        get_provider,
        methods=["GET"],
        name="get_provider",
        summary="One registered provider",
        tags=["discovery"],
        responses={
            200: {
                "description": "The provider's record.",
                "content": {
                    "application/json": {"schema": _openapi_schema(PROVIDER_RECORD_SCHEMA)}
                },
            },
            304: {"description": "The client's copy (If-None-Match) is current."},
            404: {"description": "No such provider; the body lists the registered slugs."},
        },
    )
