"""Why the container could not hand out a provider, and what to change to fix it."""

from __future__ import annotations

from collections.abc import Sequence

from dashtam.domain.providers import REGISTRY_SOURCE
from dashtam.domain.providers.validation import SETTINGS_SOURCE

CONTAINER_SOURCE = "src/dashtam/core/container/providers.py"


class ProviderNotConfiguredError(ValueError):
    """Settings the registry marks as required are unset; every one is named at once."""

    def __init__(
        self, provider: str, missing_env_vars: Sequence[str], unknown_fields: Sequence[str] = ()
    ) -> None:
        self.provider = provider
        self.missing_env_vars = tuple(missing_env_vars)
        self.unknown_fields = tuple(unknown_fields)
        parts: list[str] = []
        if self.missing_env_vars:
            parts.append(
                f"set {', '.join(self.missing_env_vars)} in the environment or in the .env "
                f"file (see .env.example for each variable's meaning)"
            )
        if self.unknown_fields:
            parts.append(
                f"its registry entry requires {', '.join(self.unknown_fields)}, which "
                f"Settings does not define: add the field(s) to {SETTINGS_SOURCE} or fix "
                f"required_settings in {REGISTRY_SOURCE}"
            )
        super().__init__(f"Provider {provider} is not configured: {'; '.join(parts)}.")


class UnimplementedProviderError(LookupError):
    """The registry lists a provider that the container has no implementation for."""

    def __init__(self, provider: str) -> None:
        self.provider = provider
        super().__init__(
            f"Provider {provider} is in the provider registry but has no implementation. "
            f"Create dashtam.infrastructure.providers.{provider}, add a "
            f"`case Provider.{provider.upper()}:` constructing it to build_provider() and "
            f"list the settings it reads in SETTINGS_READ, both in {CONTAINER_SOURCE}."
        )
