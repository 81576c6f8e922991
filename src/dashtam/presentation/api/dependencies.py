"""How a route reaches the services built at start-up."""

from __future__ import annotations

from fastapi import Request

from dashtam.core.service import Services


def services_of(request: Request) -> Services:
    """The :class:`~dashtam.core.service.Services` the lifespan stored on the app."""
    services: Services = request.app.state.services
    return services
