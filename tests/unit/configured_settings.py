"""Settings for tests with every credential the registry requires filled in.

Derived from the registry, so a new provider's required settings need no edit in the
tests; no ``.env`` file is read, so a developer's own never leaks into a test.
"""

from __future__ import annotations

from typing import TypeVar

from dashtam.core.settings import Settings
from dashtam.domain.providers import PROVIDER_REGISTRY

SettingsT = TypeVar("SettingsT", bound=Settings)


def placeholder_value(name: str) -> str:
    """A recognisable value for a setting: ``schwab_app_key`` gives ``test-app-key``."""
    return "test-" + name.partition("_")[2].replace("_", "-")


def configured_settings(
    settings_class: type[SettingsT] = Settings,  # type: ignore[assignment]
    **overrides: object,
) -> SettingsT:
    """``settings_class`` with every registry ``required_settings`` set, then ``overrides``."""
    values: dict[str, object] = {
        name: placeholder_value(name)
        for entry in PROVIDER_REGISTRY
        for name in entry.required_settings
    }
    values.update(overrides)
    return settings_class(_env_file=None, **values)  # type: ignore[arg-type]
