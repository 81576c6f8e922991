"""Provider health: ``GET /api/v1/providers/health`` and ``/api/v1/providers/{slug}/health``.

The records are the ones the background task keeps (and stores in the database):
status (up, degraded, down, unknown before the first check), latency, when it was
checked, the last error, failures in a row and when it last recovered. Registered
before the discovery routes, so ``health`` is never taken for a slug.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse

from dashtam.core.health.monitor import record_json
from dashtam.core.service import Services
from dashtam.presentation.api.dependencies import services_of

HEALTH_PATH: Final = "/api/v1/providers/health"
ServicesDep = Annotated[Services, Depends(services_of)]


def add_health_routes(app: FastAPI) -> None:
    """Add the two health routes."""

    def all_health(services: ServicesDep) -> JSONResponse:
        records = [record_json(record) for record in services.health.records.values()]
        return JSONResponse({"providers": records}, headers={"Cache-Control": "no-store"})

    def one_health(slug: str, services: ServicesDep) -> JSONResponse:
        record = services.health.records.get(slug)
        if record is not None:
            return JSONResponse(record_json(record), headers={"Cache-Control": "no-store"})
        registered = [str(entry.slug) for entry in services.registry]
        if slug in registered:
            detail = (
                f"Provider {slug} has no health_check_url in the registry, so it is not "
                f"checked (a file import calls nothing remote)."
            )
        else:
            detail = (
                f"No provider {slug!r} is registered. Registered providers: "
                f"{', '.join(registered) or '(none)'}."
            )
        return JSONResponse({"detail": detail}, status_code=404)

    app.add_api_route(
        HEALTH_PATH,
        all_health,
        methods=["GET"],
        name="providers_health",
        summary="Every checked provider's latest health",
        tags=["health"],
    )
    app.add_api_route(
        "/api/v1/providers/{slug}/health",
        one_health,
        methods=["GET"],
        name="provider_health",
        summary="One provider's latest health",
        tags=["health"],
        responses={404: {"description": "Not registered, or has no health_check_url."}},
    )
