"""Dashtam's web service: ``uvicorn dashtam.presentation.api:app`` (or ``make api``).

Run ``python -m dashtam db upgrade`` once first. ``create_app`` builds an app for
any registry and settings; ``app`` is the real one, whose settings are read from
the environment when it starts.
"""

from dashtam.presentation.api.app import create_app

app = create_app()

__all__ = ["app", "create_app"]
